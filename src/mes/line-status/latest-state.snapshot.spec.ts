import type { ScoredSample } from '../../common/domain/sample';
import { latestStateFor } from '../testing/latest-state.fixture';

const analytics = (
  anomaly: boolean,
  endedRun?: { start: number; end: number; samples: number; peakZ: number },
) => ({
  anomaly,
  anomalyRatio: 0.2,
  modelAvg: 10,
  modelStd: 1,
  zScore: anomaly ? 6 : 0.5,
  threshold: 3,
  ...(endedRun ? { endedRun } : {}),
});

const plain = (time: number, value: number): ScoredSample => ({
  kind: 'sensor',
  line: 'L1',
  machine: 'M1',
  name: 'plain',
  time,
  value,
});

const samples: ScoredSample[] = [
  { kind: 'state', line: 'L1', machine: 'M1', name: 'run', time: 1000, value: 1 },
  { kind: 'sensor', line: 'L1', machine: 'M1', name: 'plain', time: 1000, value: 3 },
  {
    kind: 'sensor',
    line: 'L1',
    machine: 'M1',
    name: 'temp',
    time: 1100,
    value: 99,
    analytics: analytics(true),
  },
  {
    kind: 'sensor',
    line: 'L1',
    machine: 'M1',
    name: 'temp',
    time: 1200,
    value: 10,
    analytics: analytics(false, { start: 1100, end: 1100, samples: 1, peakZ: 6 }),
  },
  {
    kind: 'vibration',
    line: 'L2',
    machine: 'M9',
    name: 'spindle',
    time: 1300,
    x: 1,
    y: 2,
    z: 2,
    total: 3,
  },
];

describe('LatestState snapshot', () => {
  it('should restore what the MES reads, rings in their order, from its JSON text', () => {
    const state = latestStateFor();
    state.record(samples, 5_000);
    const copy = latestStateFor();
    copy.restore(JSON.parse(state.snapshot()));
    expect(copy.listLines()).toEqual(state.listLines());
    expect(copy.lineStatus('L1', 6_000)).toEqual(state.lineStatus('L1', 6_000));
    expect(copy.lineStatus('L2', 6_000)).toEqual(state.lineStatus('L2', 6_000));
    expect(copy.recentAnomalies()).toEqual(state.recentAnomalies());
    expect(copy.recentEvents()).toEqual(state.recentEvents());
    expect(copy.recentEvents()).toHaveLength(1);

    // It goes on as the original would: an older value does not replace a newer one.
    for (const s of [state, copy]) s.record([plain(900, -1)], 7_000);
    expect(copy.lineStatus('L1', 8_000)).toEqual(state.lineStatus('L1', 8_000));
  });

  it('should be a copy taken at once, not a view of cells that change later', () => {
    const state = latestStateFor();
    state.record(samples, 5_000);
    const text = state.snapshot();
    state.record([plain(2000, 42)], 9_000);
    const copy = latestStateFor();
    copy.restore(JSON.parse(text));
    expect(
      copy.lineStatus('L1', 6_000)?.machines[0].sensors.find((s) => s.name === 'plain')?.value,
    ).toBe(3);
  });

  it('should refuse what is not a snapshot and keep what it holds', () => {
    const state = latestStateFor();
    state.record(samples, 5_000);
    expect(() => state.restore({ version: 2 })).toThrow(RangeError);
    expect(state.listLines()).toHaveLength(2);
  });
});
