/**
 * Shapes LatestState hands out. Times are epoch milliseconds; the controllers turn them into
 * ISO-8601 strings for the MES API.
 */

/** The detector's verdict on a value, as served (DetectionResult minus nothing the MES needs). */
export interface SampleAnalytics {
  anomaly: boolean;
  zScore: number;
  modelAvg: number;
  /** σ the z-score was computed with (floored at the detector's minimum). */
  modelStd: number;
  anomalyRatio: number;
  threshold: number;
}

export interface StateValue {
  name: string;
  value: number;
  time: number;
}

/** Latest value of a scalar sensor; the analytics fields are present only when it is analysed. */
export interface SensorValue extends Partial<SampleAnalytics> {
  name: string;
  value: number;
  time: number;
}

export interface VibrationValue {
  name: string;
  x: number;
  y: number;
  z: number;
  total: number;
  time: number;
  analytics?: SampleAnalytics;
}

export interface MachineStatus {
  machineName: string;
  /** When this instance last received anything for the machine (its own clock). */
  lastSeen: number;
  /** Newest sample timestamp seen for the machine (the PLC's clock). */
  lastSampleTime: number;
  /** Nothing has arrived for longer than STALE_AFTER_MS. */
  stale: boolean;
  states: StateValue[];
  sensors: SensorValue[];
  vibrations: VibrationValue[];
}

export interface LineStatus {
  lineName: string;
  machines: MachineStatus[];
}

export interface LineSummary {
  lineName: string;
  machines: number;
  lastSeen: number;
}

/** One anomalous sample, as kept in the ring and as read back from InfluxDB. */
export interface RecentAnomaly {
  time: number;
  line: string;
  machine: string;
  sensor: string;
  kind: 'sensor' | 'vibration';
  /** The scored value: SensorValue, or the vibration's RMS total. */
  value: number;
  zScore: number;
  modelAvg: number;
  threshold: number;
  anomalyRatio: number;
}

/** One ended run of anomalies (an AnomalyEvent point), as kept in memory and read back. */
export interface RecentAnomalyEvent {
  line: string;
  machine: string;
  sensor: string;
  kind: 'sensor' | 'vibration';
  /** Sample times of the run's first and last anomaly, epoch ms. */
  start: number;
  end: number;
  samples: number;
  /** The run's z-score of largest magnitude, signed. */
  peakZ: number;
}
