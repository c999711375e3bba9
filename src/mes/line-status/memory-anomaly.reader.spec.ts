import type { DetectionResult, ScoredSample } from '../../common/domain/sample';
import { latestStateFor } from '../testing/latest-state.fixture';
import { MemoryAnomalyReader } from './memory-anomaly.reader';

const anomaly: DetectionResult = {
  anomaly: true,
  anomalyRatio: 0.2,
  modelAvg: 1,
  modelStd: 1,
  zScore: 3,
  threshold: 2,
};
const s = (line: string, machine: string, time: number): ScoredSample => ({
  kind: 'sensor',
  line,
  machine,
  name: 'temp',
  time,
  value: time,
  analytics: anomaly,
});

describe(MemoryAnomalyReader.name, () => {
  it('should return one line in the range, newest by sample time, cut to the limit', async () => {
    const state = latestStateFor();
    // Arrival order differs from sample time order (a buffered batch arrives late).
    state.record([s('L1', 'A', 300), s('L2', 'A', 350), s('L1', 'B', 500)]);
    state.record([s('L1', 'A', 100), s('L1', 'A', 400), s('L1', 'A', 900)]);
    const reader = new MemoryAnomalyReader(state);
    expect(reader.source).toBe('memory');
    const found = await reader.find({ line: 'L1', from: 100, to: 500, limit: 3 });
    expect(found.map((a) => [a.machine, a.time])).toEqual([
      ['B', 500],
      ['A', 400],
      ['A', 300],
    ]);
    expect(await reader.find({ line: 'L1', from: 100, to: 100, limit: 10 })).toHaveLength(1);
    expect(await reader.find({ line: 'L3', from: 0, to: 1e13, limit: 10 })).toEqual([]);
  });

  it('should list a resent anomaly once', async () => {
    const state = latestStateFor();
    state.record([s('L1', 'A', 300)]);
    state.record([s('L1', 'A', 300)]);
    const found = await new MemoryAnomalyReader(state).find({
      line: 'L1',
      from: 0,
      to: 1000,
      limit: 10,
    });
    expect(found).toHaveLength(1);
  });

  it("should return the line's ended runs that started in the range, once each, latest first", async () => {
    const ended = (start: number, samples: number): DetectionResult => ({
      ...anomaly,
      anomaly: false,
      endedRun: { start, end: start + samples - 1, samples, peakZ: 5 },
    });
    const state = latestStateFor();
    const closing = (line: string, machine: string, time: number, start: number) => ({
      ...s(line, machine, time),
      analytics: ended(start, time - start),
    });
    state.record([closing('L1', 'A', 110, 100), closing('L2', 'A', 210, 200)]);
    state.record([closing('L1', 'B', 330, 300), closing('L1', 'A', 110, 100)]);
    state.record([closing('L1', 'A', 900, 800)]);
    const reader = new MemoryAnomalyReader(state);
    const found = await reader.findEvents({ line: 'L1', from: 100, to: 500, limit: 10 });
    expect(found.map((e) => [e.machine, e.start, e.samples])).toEqual([
      ['B', 300, 30],
      ['A', 100, 10],
    ]);
    expect(await reader.findEvents({ line: 'L1', from: 100, to: 500, limit: 1 })).toHaveLength(1);
    expect(await reader.find({ line: 'L1', from: 0, to: 1000, limit: 10 })).toEqual([]);
  });
});
