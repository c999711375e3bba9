import { AnomalyQuery, AnomalyReader, latestStartFirst, newestFirst } from './anomaly-reader';
import type { LatestState } from './latest-state';
import type { RecentAnomaly, RecentAnomalyEvent } from './latest-state.types';

/**
 * Embedded mode: anomalies and anomaly events from LatestState's rings, so only those since this
 * process started and at most RECENT_ANOMALIES_SIZE of each (all lines together).
 */
export class MemoryAnomalyReader extends AnomalyReader {
  readonly source = 'memory' as const;

  constructor(private readonly latest: LatestState) {
    super();
  }

  async find(query: AnomalyQuery): Promise<RecentAnomaly[]> {
    return pick(this.latest.recentAnomalies(), query, (a) => a.time, newestFirst);
  }

  async findEvents(query: AnomalyQuery): Promise<RecentAnomalyEvent[]> {
    return pick(this.latest.recentEvents(), query, (e) => e.start, latestStartFirst);
  }
}

type Series = { line: string; machine: string; sensor: string; kind: string };

/**
 * The items of the query's line whose time is in [from, to], sorted and cut to the limit. A
 * resent sample is recorded again (with its anomaly or event); InfluxDB keeps one point per
 * series and time, so do we.
 */
function pick<T extends Series>(
  items: readonly T[],
  query: AnomalyQuery,
  timeOf: (item: T) => number,
  order: (a: T, b: T) => number,
): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const time = timeOf(item);
    if (item.line !== query.line || time < query.from || time > query.to) continue;
    const key = `${item.kind}\u0000${item.machine}\u0000${item.sensor}\u0000${time}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out.sort(order).slice(0, query.limit);
}
