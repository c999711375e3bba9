import { Injectable } from '@nestjs/common';
import { Point, escape } from '@influxdata/influxdb-client';
import type { AnomalyEvent, DetectionResult, ScoredSample } from '../common/domain/sample';

/** Measurement names of the old server's schema; Grafana dashboards query them by these names. */
export const Measurement = {
  state: 'GenericState',
  sensor: 'GenericSensor',
  analysedSensor: 'SingleSensorAnalytics',
  vibration: 'VibSensor',
  /** New: one point per ended run of anomalies, at the run's start (Grafana region annotations). */
  anomalyEvent: 'AnomalyEvent',
} as const;

/**
 * A Point whose line (millisecond precision, the only one both writers use) the mapper wrote
 * directly. Building a library Point per sample (tag and field objects, sorted keys, escaping
 * per character) and serialising it took more CPU than all else a series value costs, and most of
 * the garbage; this writes the same text, tags and fields in the library's sorted order.
 */
export class LinePoint extends Point {
  constructor(private readonly line: string) {
    super();
  }

  override toLineProtocol(): string {
    return this.line;
  }
}

/**
 * Maps scored samples to InfluxDB points in the old server's schema (DESIGN "InfluxDB schema").
 * Field types are fixed per field: InfluxDB types a field by its first write and refuses any other
 * type afterwards, so a whole-valued float must still be written as a float (`42`, never `42i`).
 * Byte-identical to the library's Point serialisation (point.mapper.spec.ts checks it).
 */
@Injectable()
export class PointMapper {
  /**
   * One point per sample, plus an AnomalyEvent point after a sample that ended a run of
   * anomalies: written in the same batch, the event is exactly as durable as that sample.
   */
  toPoints(samples: readonly ScoredSample[]): Point[] {
    const points: Point[] = [];
    for (const sample of samples) {
      points.push(this.toPoint(sample));
      const run = sample.kind === 'state' ? undefined : sample.analytics?.endedRun;
      if (run !== undefined) points.push(this.eventPoint(sample, run));
    }
    return points;
  }

  /**
   * Tags as the sample's, plus `kind` (sensor or vibration), so that a generic and a vibration
   * sensor of the same name never overwrite each other's events. Rare, so a library Point.
   */
  eventPoint(sample: ScoredSample, run: AnomalyEvent): Point {
    const point = new Point(Measurement.anomalyEvent)
      .tag('line_name', sample.line)
      .tag('machine_name', sample.machine)
      .tag('sensor_name', sample.name)
      .tag('kind', sample.kind)
      .intField('end', run.end)
      .intField('samples', run.samples);
    if (Number.isFinite(run.peakZ)) {
      point.floatField('peak_z', run.peakZ).floatField('peak_abs_z', Math.abs(run.peakZ));
    }
    return point.timestamp(run.start);
  }

  toPoint(sample: ScoredSample): Point {
    return new LinePoint(toLine(sample));
  }
}

function toLine(s: ScoredSample): string {
  const time = Math.floor(s.time);
  switch (s.kind) {
    case 'state':
      return `${Measurement.state}${tags(s, 'state_name')} value=${int('value', s.value)} ${time}`;
    case 'sensor': {
      const value = `value=${float('value', s.value)}`;
      // An analysed sensor writes only SingleSensorAnalytics, as the old server did.
      if (!s.analytics) return `${Measurement.sensor}${tags(s, 'sensor_name')} ${value} ${time}`;
      const [before, after] = analytics(s.analytics);
      return `${Measurement.analysedSensor}${tags(s, 'sensor_name')} ${before}${value}${after} ${time}`;
    }
    case 'vibration': {
      const vib =
        `vib_accel_rms_total=${float('vib_accel_rms_total', s.total)},` +
        `vib_accel_rms_x=${float('vib_accel_rms_x', s.x)},` +
        `vib_accel_rms_y=${float('vib_accel_rms_y', s.y)},` +
        `vib_accel_rms_z=${float('vib_accel_rms_z', s.z)}`;
      const [before, after] = s.analytics ? analytics(s.analytics) : ['', ''];
      return `${Measurement.vibration}${tags(s, 'sensor_name')} ${before}${vib}${after} ${time}`;
    }
  }
}

/** `,line_name=…,machine_name=…,<nameTag>=…` (sorted keys; a tag with an empty value is left out). */
function tags(s: ScoredSample, nameTag: string): string {
  return `${tag('line_name', s.line)}${tag('machine_name', s.machine)}${tag(nameTag, s.name)}`;
}

function tag(key: string, value: string): string {
  return value === '' ? '' : `,${key}=${escapeTag(value)}`;
}

const TAG_SPECIAL = /[, =\n\r\t]/;

/** The library's tag escaping, called only for the rare name that needs it. */
function escapeTag(value: string): string {
  return TAG_SPECIAL.test(value) ? escape.tag(value) : value;
}

/**
 * The analytics fields that sort before the sample's own fields (`anomaly…`, `model_…`) and after
 * them (`z_score…`), each comma-terminated or -led to join around them. InfluxDB cannot store NaN or
 * ±Infinity; losing one derived field beats refusing the raw value.
 */
function analytics(r: DetectionResult): [string, string] {
  let before = `anomaly=${r.anomaly ? 1 : 0}i,`;
  if (Number.isFinite(r.anomalyRatio)) before += `anomaly_ratio=${r.anomalyRatio},`;
  if (Number.isFinite(r.modelAvg)) before += `model_avg=${r.modelAvg},`;
  if (Number.isFinite(r.modelStd)) before += `model_std=${r.modelStd},`;
  let after = '';
  if (Number.isFinite(r.zScore)) after += `,z_score=${r.zScore}`;
  if (Number.isFinite(r.threshold)) after += `,z_score_thresh=${r.threshold}`;
  return [before, after];
}

/** A raw value must be stored: one InfluxDB cannot hold fails the write, as the library's does. */
function float(name: string, value: number): string {
  if (!Number.isFinite(value)) throw new Error(`invalid float value for field '${name}': ${value}`);
  return String(value);
}

function int(name: string, value: number): string {
  if (Number.isNaN(value) || Math.abs(value) >= 9223372036854776e3) {
    throw new Error(`invalid integer value for field '${name}': '${value}'!`);
  }
  return `${Math.floor(value)}i`;
}
