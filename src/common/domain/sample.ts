/**
 * Domain form of one PLC sample, after validation and timestamp resolution. The DTOs map to this;
 * nothing downstream of the ingestion service sees a DTO.
 */
interface SampleBase {
  line: string;
  machine: string;
  /** StateName or SensorName. */
  name: string;
  /** Epoch milliseconds. */
  time: number;
}

export interface StateSample extends SampleBase {
  kind: 'state';
  /** Integer (booleans arrive as 1/0). */
  value: number;
}

export interface SensorSample extends SampleBase {
  kind: 'sensor';
  value: number;
}

export interface VibrationSample extends SampleBase {
  kind: 'vibration';
  x: number;
  y: number;
  z: number;
  /** √(x² + y² + z²): the value a vibration detector scores. */
  total: number;
}

export type Sample = StateSample | SensorSample | VibrationSample;

/** What a detector says about one value. Field names follow the InfluxDB schema's meaning. */
export interface DetectionResult {
  anomaly: boolean;
  anomalyRatio: number;
  modelAvg: number;
  /** Model standard deviation used for z (σ floored at S); 0 during warm-up. */
  modelStd: number;
  zScore: number;
  threshold: number;
  /** Set on the first normal sample after a run of anomalies: the run this sample ended. */
  endedRun?: AnomalyEvent;
}

/** A run of consecutive anomalies of one series, written as an `AnomalyEvent` point. */
export interface AnomalyEvent {
  /** Sample time of the first anomaly of the run, epoch ms. */
  start: number;
  /** Sample time of the last anomaly of the run, epoch ms. */
  end: number;
  /** Anomalies in the run. */
  samples: number;
  /** The run's z-score of largest magnitude, signed. */
  peakZ: number;
}

/** A sample with its analytics, present only when a detector is configured for it. */
export type ScoredSample = Sample & { analytics?: DetectionResult };

/** Key of one detector and one entry of line status: (line, machine, sensor). */
export function seriesKey(line: string, machine: string, name: string): string {
  return `${line}\u0000${machine}\u0000${name}`;
}
