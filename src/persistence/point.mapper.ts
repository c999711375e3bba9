import { Injectable } from '@nestjs/common';
import { Point } from '@influxdata/influxdb-client';
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
 * Maps scored samples to InfluxDB points in the old server's schema (DESIGN "InfluxDB schema").
 * Field types are fixed per field: InfluxDB types a field by its first write and refuses any other
 * type afterwards, so a whole-valued float must still be written as a float (`42`, never `42i`).
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
   * sensor of the same name never overwrite each other's events.
   */
  eventPoint(sample: ScoredSample, run: AnomalyEvent): Point {
    const point = this.base(Measurement.anomalyEvent, 'sensor_name', sample)
      .tag('kind', sample.kind)
      .intField('end', run.end)
      .intField('samples', run.samples);
    floatIfFinite(point, 'peak_z', run.peakZ);
    floatIfFinite(point, 'peak_abs_z', Math.abs(run.peakZ));
    return point.timestamp(run.start);
  }

  toPoint(sample: ScoredSample): Point {
    switch (sample.kind) {
      case 'state':
        return this.base(Measurement.state, 'state_name', sample)
          .intField('value', sample.value)
          .timestamp(sample.time);
      case 'sensor': {
        // An analysed sensor writes only SingleSensorAnalytics, as the old server did.
        if (!sample.analytics) {
          return this.base(Measurement.sensor, 'sensor_name', sample)
            .floatField('value', sample.value)
            .timestamp(sample.time);
        }
        const point = this.base(Measurement.analysedSensor, 'sensor_name', sample).floatField(
          'value',
          sample.value,
        );
        return addAnalytics(point, sample.analytics).timestamp(sample.time);
      }
      case 'vibration': {
        const point = this.base(Measurement.vibration, 'sensor_name', sample)
          .floatField('vib_accel_rms_x', sample.x)
          .floatField('vib_accel_rms_y', sample.y)
          .floatField('vib_accel_rms_z', sample.z)
          .floatField('vib_accel_rms_total', sample.total);
        if (sample.analytics) addAnalytics(point, sample.analytics);
        return point.timestamp(sample.time);
      }
    }
  }

  private base(measurement: string, nameTag: string, sample: ScoredSample): Point {
    return new Point(measurement)
      .tag('line_name', sample.line)
      .tag('machine_name', sample.machine)
      .tag(nameTag, sample.name);
  }
}

function addAnalytics(point: Point, result: DetectionResult): Point {
  point.intField('anomaly', result.anomaly ? 1 : 0);
  // InfluxDB cannot store NaN or ±Infinity; losing one derived field beats refusing the raw value.
  floatIfFinite(point, 'anomaly_ratio', result.anomalyRatio);
  floatIfFinite(point, 'model_avg', result.modelAvg);
  floatIfFinite(point, 'z_score', result.zScore);
  floatIfFinite(point, 'z_score_thresh', result.threshold);
  floatIfFinite(point, 'model_std', result.modelStd);
  return point;
}

function floatIfFinite(point: Point, name: string, value: number): void {
  if (Number.isFinite(value)) point.floatField(name, value);
}
