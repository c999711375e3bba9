import type { DetectionResult, ScoredSample } from '../../common/domain/sample';
import { latestStateFor } from '../testing/latest-state.fixture';
import { LatestState } from './latest-state';

const verdict = (anomaly: boolean, zScore = anomaly ? 5 : 0.5): DetectionResult => ({
  anomaly,
  anomalyRatio: 0.1,
  modelAvg: 10,
  modelStd: 1,
  zScore,
  threshold: 2,
});
const sensor = (time: number, value: number, extra: Partial<ScoredSample> = {}): ScoredSample =>
  ({
    kind: 'sensor',
    line: 'L1',
    machine: 'M1',
    name: 'temp',
    time,
    value,
    ...extra,
  }) as ScoredSample;

describe(LatestState.name, () => {
  it('should keep the latest state, sensor and vibration value per machine', () => {
    const state = latestStateFor();
    state.record(
      [
        { kind: 'state', line: 'L1', machine: 'M1', name: 'run', time: 1000, value: 1 },
        { kind: 'state', line: 'L1', machine: 'M1', name: 'run', time: 2000, value: 0 },
        sensor(1500, 20.5),
        {
          kind: 'vibration',
          line: 'L1',
          machine: 'M2',
          name: 'spindle',
          time: 1800,
          x: 1,
          y: 2,
          z: 2,
          total: 3,
        },
        { kind: 'sensor', line: 'L2', machine: 'M1', name: 'temp', time: 1700, value: 99 },
      ],
      5000,
    );
    const status = state.lineStatus('L1', 6000);
    expect(status).toEqual({
      lineName: 'L1',
      machines: [
        {
          machineName: 'M1',
          lastSeen: 5000,
          lastSampleTime: 2000,
          stale: false,
          states: [{ name: 'run', value: 0, time: 2000 }],
          sensors: [{ name: 'temp', value: 20.5, time: 1500 }],
          vibrations: [],
        },
        {
          machineName: 'M2',
          lastSeen: 5000,
          lastSampleTime: 1800,
          stale: false,
          states: [],
          sensors: [],
          vibrations: [{ name: 'spindle', x: 1, y: 2, z: 2, total: 3, time: 1800 }],
        },
      ],
    });
    expect(state.lineStatus('L2', 6000)?.machines[0].sensors[0].value).toBe(99);
  });

  it('should not let an older sample replace a newer latest value', () => {
    const state = latestStateFor();
    state.record([sensor(2000, 2)], 10);
    state.record([sensor(1000, 1)], 20);
    const m = state.lineStatus('L1', 20)!.machines[0];
    expect(m.sensors[0]).toMatchObject({ value: 2, time: 2000 });
    expect(m.lastSeen).toBe(20);
    expect(m.lastSampleTime).toBe(2000);
  });

  it('should flatten sensor analytics and nest vibration analytics', () => {
    const state = latestStateFor();
    state.record([
      sensor(1000, 20, { analytics: verdict(false, -0.25) }),
      {
        kind: 'vibration',
        line: 'L1',
        machine: 'M1',
        name: 'v',
        time: 1000,
        x: 0,
        y: 0,
        z: 1,
        total: 1,
        analytics: verdict(true),
      },
    ]);
    const m = state.lineStatus('L1')!.machines[0];
    expect(m.sensors[0]).toEqual({
      name: 'temp',
      value: 20,
      time: 1000,
      anomaly: false,
      zScore: -0.25,
      modelAvg: 10,
      modelStd: 1,
      anomalyRatio: 0.1,
      threshold: 2,
    });
    expect(m.vibrations[0].analytics).toEqual({
      anomaly: true,
      zScore: 5,
      modelAvg: 10,
      modelStd: 1,
      anomalyRatio: 0.1,
      threshold: 2,
    });
  });

  it('should mark a machine stale once nothing came for staleAfterMs', () => {
    const state = latestStateFor({ staleAfterMs: 1000 });
    state.record([sensor(1, 1)], 10_000);
    state.record([{ ...sensor(1, 1), machine: 'M2' } as ScoredSample], 10_600);
    const at = (now: number) => state.lineStatus('L1', now)!.machines.map((m) => m.stale);
    expect(at(10_999)).toEqual([false, false]);
    expect(at(11_000)).toEqual([true, false]);
    expect(at(11_600)).toEqual([true, true]);
  });

  it('should summarise lines by name with their newest lastSeen', () => {
    const state = latestStateFor();
    state.record([{ ...sensor(1, 1), line: 'b' } as ScoredSample], 100);
    state.record([{ ...sensor(1, 1), line: 'a' } as ScoredSample], 300);
    state.record([{ ...sensor(1, 1), line: 'a', machine: 'M9' } as ScoredSample], 200);
    expect(state.listLines()).toEqual([
      { lineName: 'a', machines: 2, lastSeen: 300 },
      { lineName: 'b', machines: 1, lastSeen: 100 },
    ]);
    expect(state.lineStatus('c')).toBeUndefined();
  });

  it('should record anomalies of sensors and vibrations only, newest first', () => {
    const state = latestStateFor();
    state.record([
      sensor(1000, 50, { analytics: verdict(true) }),
      sensor(2000, 11, { analytics: verdict(false) }),
      {
        kind: 'vibration',
        line: 'L1',
        machine: 'M1',
        name: 'v',
        time: 3000,
        x: 3,
        y: 4,
        z: 0,
        total: 5,
        analytics: verdict(true, -4),
      },
    ]);
    expect(state.recentAnomalies()).toEqual([
      {
        time: 3000,
        line: 'L1',
        machine: 'M1',
        sensor: 'v',
        kind: 'vibration',
        value: 5,
        zScore: -4,
        modelAvg: 10,
        threshold: 2,
        anomalyRatio: 0.1,
      },
      {
        time: 1000,
        line: 'L1',
        machine: 'M1',
        sensor: 'temp',
        kind: 'sensor',
        value: 50,
        zScore: 5,
        modelAvg: 10,
        threshold: 2,
        anomalyRatio: 0.1,
      },
    ]);
  });

  it('should keep only the last recentAnomalies anomalies', () => {
    const state = latestStateFor({ recentAnomalies: 3 });
    for (let t = 1; t <= 7; t++) state.record([sensor(t, t, { analytics: verdict(true) })]);
    expect(state.recentAnomalies().map((a) => a.time)).toEqual([7, 6, 5]);
    state.record([sensor(8, 8, { analytics: verdict(true) })]);
    expect(state.recentAnomalies().map((a) => a.time)).toEqual([8, 7, 6]);
  });

  it('should use the receive time given, defaulting to now', () => {
    const state = latestStateFor();
    const before = Date.now();
    state.record([sensor(1, 1)]);
    const lastSeen = state.listLines()[0].lastSeen;
    expect(lastSeen).toBeGreaterThanOrEqual(before);
    expect(lastSeen).toBeLessThanOrEqual(Date.now());
  });
});
