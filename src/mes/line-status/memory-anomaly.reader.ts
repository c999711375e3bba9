import { AnomalyQuery, AnomalyReader, newestFirst } from './anomaly-reader';
import type { LatestState } from './latest-state';
import type { RecentAnomaly } from './latest-state.types';

/**
 * Embedded mode: anomalies from LatestState's ring, so only those since this process started and
 * at most RECENT_ANOMALIES_SIZE of them (all lines together).
 */
export class MemoryAnomalyReader extends AnomalyReader {
  readonly source = 'memory' as const;

  constructor(private readonly latest: LatestState) {
    super();
  }

  async find(query: AnomalyQuery): Promise<RecentAnomaly[]> {
    const seen = new Set<string>();
    const out: RecentAnomaly[] = [];
    for (const a of this.latest.recentAnomalies()) {
      if (a.line !== query.line || a.time < query.from || a.time > query.to) continue;
      // A resent sample is scored (and recorded) again; InfluxDB would keep it once, so do we.
      const key = `${a.kind}\u0000${a.machine}\u0000${a.sensor}\u0000${a.time}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(a);
    }
    return out.sort(newestFirst).slice(0, query.limit);
  }
}
