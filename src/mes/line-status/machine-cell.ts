import type { DetectionResult } from '../../common/domain/sample';
import type { MachineStatus, SampleAnalytics, SensorValue } from './latest-state.types';

/**
 * LatestState's mutable per-machine record. Cells are updated in place on the hot path and only
 * copied into the public shapes (latest-state.types.ts) when the MES reads them.
 */
export interface StateCell {
  value: number;
  time: number;
}
export interface SensorCell {
  value: number;
  time: number;
  analytics: DetectionResult | undefined;
}
export interface VibrationCell {
  x: number;
  y: number;
  z: number;
  total: number;
  time: number;
  analytics: DetectionResult | undefined;
}
export interface MachineCell {
  lastSeen: number;
  lastSampleTime: number;
  states: Map<string, StateCell>;
  sensors: Map<string, SensorCell>;
  vibrations: Map<string, VibrationCell>;
}

export function newMachineCell(): MachineCell {
  return {
    lastSeen: 0,
    lastSampleTime: 0,
    states: new Map(),
    sensors: new Map(),
    vibrations: new Map(),
  };
}

/** A copy of the cell in the public shape, each list by name. */
export function machineStatus(
  machineName: string,
  cell: MachineCell,
  stale: boolean,
): MachineStatus {
  return {
    machineName,
    lastSeen: cell.lastSeen,
    lastSampleTime: cell.lastSampleTime,
    stale,
    states: sorted([...cell.states].map(([name, e]) => ({ name, value: e.value, time: e.time }))),
    sensors: sorted([...cell.sensors].map(([name, e]) => sensorValue(name, e))),
    vibrations: sorted(
      [...cell.vibrations].map(([name, e]) => ({
        name,
        x: e.x,
        y: e.y,
        z: e.z,
        total: e.total,
        time: e.time,
        ...(e.analytics ? { analytics: toAnalytics(e.analytics) } : {}),
      })),
    ),
  };
}

function toAnalytics(a: DetectionResult): SampleAnalytics {
  return {
    anomaly: a.anomaly,
    zScore: a.zScore,
    modelAvg: a.modelAvg,
    modelStd: a.modelStd,
    anomalyRatio: a.anomalyRatio,
    threshold: a.threshold,
  };
}

function sensorValue(name: string, e: SensorCell): SensorValue {
  return e.analytics
    ? { name, value: e.value, time: e.time, ...toAnalytics(e.analytics) }
    : { name, value: e.value, time: e.time };
}

export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sorted<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => byName(a.name, b.name));
}
