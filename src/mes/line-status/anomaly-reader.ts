import type { RecentAnomaly } from './latest-state.types';

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
}

/** Newest first; equal times in a stable order so pages and tests do not flicker. */
export function newestFirst(a: RecentAnomaly, b: RecentAnomaly): number {
  return (
    b.time - a.time ||
    compare(a.machine, b.machine) ||
    compare(a.sensor, b.sensor) ||
    compare(a.kind, b.kind)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
