import type { InfluxQlClient, InfluxQlSeries } from '../../persistence/influx/influxql.client';
import { Measurement } from '../../persistence/point.mapper';
import { AnomalyQuery, AnomalyReader, latestStartFirst, newestFirst } from './anomaly-reader';
import type { RecentAnomaly, RecentAnomalyEvent } from './latest-state.types';

/** The two measurements that carry `anomaly`, with the field each scores (old server's schema). */
const SOURCES = [
  { measurement: Measurement.analysedSensor, valueField: 'value', kind: 'sensor' },
  { measurement: Measurement.vibration, valueField: 'vib_accel_rms_total', kind: 'vibration' },
] as const;

/**
 * A string literal for InfluxQL. Its scanner knows the escapes \\ \' \" \n and refuses a raw
 * newline, so escaping backslash, quote and newline keeps any line name inside the literal.
 */
export function influxQlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** Builds the query for one measurement; exported for its unit test. */
export function anomalyQuery(source: (typeof SOURCES)[number], query: AnomalyQuery): string {
  return (
    `SELECT "${source.valueField}", "z_score", "model_avg", "z_score_thresh", "anomaly_ratio", ` +
    `"machine_name", "sensor_name" FROM "${source.measurement}" ` +
    `WHERE "line_name" = ${influxQlString(query.line)} AND "anomaly" = 1 AND ${range(query)}`
  );
}

/** Builds the query for the line's AnomalyEvent points (time = the run's start). */
export function anomalyEventQuery(query: AnomalyQuery): string {
  return (
    'SELECT "end", "samples", "peak_z", "machine_name", "sensor_name", "kind" ' +
    `FROM "${Measurement.anomalyEvent}" WHERE "line_name" = ${influxQlString(query.line)} AND ${range(query)}`
  );
}

function range(query: AnomalyQuery): string {
  const from = integer(query.from, 'from');
  const to = integer(query.to, 'to');
  const limit = integer(query.limit, 'limit');
  return `time >= ${from}ms AND time <= ${to}ms ORDER BY time DESC LIMIT ${limit}`;
}

/**
 * Anomalies straight from InfluxDB, so they survive restarts and include every instance that
 * writes the line. Each measurement is cut to `limit` by InfluxDB; the merge is cut again.
 */
export class InfluxAnomalyReader extends AnomalyReader {
  readonly source = 'influxdb' as const;

  constructor(private readonly client: InfluxQlClient) {
    super();
  }

  async find(query: AnomalyQuery): Promise<RecentAnomaly[]> {
    const results = await Promise.all(
      SOURCES.map(async (source) => {
        const series = await this.client.query(anomalyQuery(source, query));
        return toAnomalies(series, source.kind, source.valueField, query.line);
      }),
    );
    return results.flat().sort(newestFirst).slice(0, query.limit);
  }

  async findEvents(query: AnomalyQuery): Promise<RecentAnomalyEvent[]> {
    const out: RecentAnomalyEvent[] = [];
    for (const get of rows(await this.client.query(anomalyEventQuery(query)))) {
      out.push({
        line: query.line,
        machine: String(get('machine_name') ?? ''),
        sensor: String(get('sensor_name') ?? ''),
        kind: get('kind') === 'vibration' ? 'vibration' : 'sensor',
        start: toTime(get('time')),
        end: toNumber(get('end')),
        samples: toNumber(get('samples')),
        peakZ: toNumber(get('peak_z')),
      });
    }
    return out.sort(latestStartFirst);
  }
}

function toAnomalies(
  series: InfluxQlSeries[],
  kind: RecentAnomaly['kind'],
  valueField: string,
  line: string,
): RecentAnomaly[] {
  const out: RecentAnomaly[] = [];
  for (const get of rows(series)) {
    out.push({
      time: toTime(get('time')),
      line,
      machine: String(get('machine_name') ?? ''),
      sensor: String(get('sensor_name') ?? ''),
      kind,
      value: toNumber(get(valueField)),
      zScore: toNumber(get('z_score')),
      modelAvg: toNumber(get('model_avg')),
      threshold: toNumber(get('z_score_thresh')),
      anomalyRatio: toNumber(get('anomaly_ratio')),
    });
  }
  return out;
}

/** Each row of each series as a look-up by column name, falling back to the series' tags. */
function* rows(series: InfluxQlSeries[]): Generator<(name: string) => unknown> {
  for (const s of series) {
    const index = new Map(s.columns.map((c, i) => [c, i]));
    for (const row of s.values) {
      yield (name) => {
        const i = index.get(name);
        return (i === undefined ? undefined : row[i]) ?? s.tags?.[name];
      };
    }
  }
}

function toTime(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : toNumber(value);
}

/** A field missing on a row (written by another tool) reads as 0 rather than failing the page. */
function toNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function integer(value: number, name: string): number {
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${value}`);
  return value;
}
