import type { DetectionResult } from '../common/domain/sample';
import { ResendMemory } from './resend-memory';

const result = (z: number, extra: Partial<DetectionResult> = {}): DetectionResult => ({
  anomaly: Math.abs(z) > 2,
  anomalyRatio: 0.25,
  modelAvg: 10,
  modelStd: 0.5,
  zScore: z,
  threshold: 2,
  ...extra,
});

describe(ResendMemory.name, () => {
  it('should hand back an equal copy of what it was given, ended run included', () => {
    const memory = new ResendMemory(4);
    const ended = result(0.1, { endedRun: { start: 1, end: 3, samples: 3, peakZ: -7 } });
    memory.remember(5, ended);
    memory.remember(6, result(9));
    const recalled = memory.recall(5)!;
    expect(recalled).toEqual(ended);
    expect(recalled).not.toBe(ended);
    expect(memory.recall(6)).toEqual(result(9));
    expect(memory.recall(6)).not.toHaveProperty('endedRun');
    expect(memory.recall(7)).toBeUndefined();
  });

  it('should forget the oldest beyond its capacity and list the rest oldest first', () => {
    const memory = new ResendMemory(3);
    [1, 2, 3, 4, 5].forEach((t) => memory.remember(t, result(t)));
    expect(memory.recall(2)).toBeUndefined();
    expect(memory.recall(3)?.zScore).toBe(3);
    expect(memory.entries().map((e) => [e.time, e.result.zScore])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
  });

  it('should not carry an ended run over to the slot that replaces it', () => {
    const memory = new ResendMemory(1);
    memory.remember(1, result(0, { endedRun: { start: 0, end: 0, samples: 1, peakZ: 5 } }));
    memory.remember(2, result(0));
    expect(memory.recall(2)).not.toHaveProperty('endedRun');
  });
});
