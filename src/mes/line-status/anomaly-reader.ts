import type { RecentAnomaly, RecentAnomalyEvent } from './latest-state.types';

export interface AnomalyQuery {
  line: string;
  /** Inclusive, epoch ms. */
  from: number;
  /** Inclusive, epoch ms. */
  to: number;
  limit: number;
}

export type AnomalySource = 'influxdb' | 'memory';

/**
 * Port for reading a line's anomalies, newest first, at most `limit`. The abstract class is its own
 * DI token; the module binds InfluxDB when one is configured, else the in-memory ring.
 */
export abstract class AnomalyReader {
  abstract readonly source: AnomalySource;
  abstract find(query: AnomalyQuery): Promise<RecentAnomaly[]>;
  /** Ended runs of anomalies of the line that started in [from, to], latest start first. */
  abstract findEvents(query: AnomalyQuery): Promise<RecentAnomalyEvent[]>;
}

/** Newest first; equal times in a stable order so pages and tests do not flicker. */
export function newestFirst(a: RecentAnomaly, b: RecentAnomaly): number {
  return b.time - a.time || bySeries(a, b);
}

/** Latest start first, ties in the same stable order. */
export function latestStartFirst(a: RecentAnomalyEvent, b: RecentAnomalyEvent): number {
  return b.start - a.start || bySeries(a, b);
}

type Series = Pick<RecentAnomaly, 'machine' | 'sensor' | 'kind'>;

function bySeries(a: Series, b: Series): number {
  return compare(a.machine, b.machine) || compare(a.sensor, b.sensor) || compare(a.kind, b.kind);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
