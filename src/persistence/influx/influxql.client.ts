/** One series of an InfluxQL answer, times as epoch milliseconds. */
export interface InfluxQlSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/**
 * Read port: InfluxQL over `/query` (1.x, 2.x through DBRP, 3.x) against the configured database
 * or bucket. Bound by the persistence module only when an InfluxDB is configured.
 */
export abstract class InfluxQlClient {
  abstract query(influxql: string): Promise<InfluxQlSeries[]>;
}
