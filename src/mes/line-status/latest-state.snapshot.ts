import type { MachineCell, SensorCell, StateCell, VibrationCell } from './machine-cell';
import type { RecentAnomaly, RecentAnomalyEvent } from './latest-state.types';

/** LatestState as plain JSON (version 1), for the state snapshot under DATA_DIR/state. */
export interface LatestStateSnapshot {
  version: 1;
  lines: Array<{ line: string; machines: Array<{ machine: string; cell: CellSnapshot }> }>;
  /** Oldest first, so pushing them in order rebuilds the rings. */
  anomalies: RecentAnomaly[];
  events: RecentAnomalyEvent[];
}

interface CellSnapshot {
  lastSeen: number;
  lastSampleTime: number;
  states: Array<[string, StateCell]>;
  sensors: Array<[string, SensorCell]>;
  vibrations: Array<[string, VibrationCell]>;
}

export function cellSnapshot(cell: MachineCell): CellSnapshot {
  return {
    lastSeen: cell.lastSeen,
    lastSampleTime: cell.lastSampleTime,
    states: [...cell.states],
    sensors: [...cell.sensors],
    vibrations: [...cell.vibrations],
  };
}

export function cellFromSnapshot(s: CellSnapshot): MachineCell {
  // JSON leaves `analytics: undefined` out; the cells' shape wants the key.
  const withAnalytics = <T extends { analytics?: unknown }>([name, e]: [string, T]) =>
    [name, { ...e, analytics: e.analytics ?? undefined }] as [string, T];
  return {
    lastSeen: s.lastSeen,
    lastSampleTime: s.lastSampleTime,
    states: new Map(s.states),
    sensors: new Map(s.sensors.map(withAnalytics)),
    vibrations: new Map(s.vibrations.map(withAnalytics)),
  };
}

/** Throws a RangeError unless `s` has the shape LatestState.snapshot() writes. */
export function checkLatestStateSnapshot(s: unknown): asserts s is LatestStateSnapshot {
  const v = s as Partial<LatestStateSnapshot> | null;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    Array.isArray(v.lines) &&
    v.lines.every((l) => typeof l?.line === 'string' && Array.isArray(l.machines)) &&
    Array.isArray(v.anomalies) &&
    Array.isArray(v.events);
  if (!ok) throw new RangeError('Invalid line status snapshot');
}
