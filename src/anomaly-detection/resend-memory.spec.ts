import fc from 'fast-check';
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

describe(`${ResendMemory.name} against a list of the last results`, () => {
  const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0));
  const event = fc.record({ start: number, end: number, samples: fc.nat(), peakZ: number });
  // Few distinct thresholds, so runs of equal and changing ones both occur.
  const detection = fc.record(
    {
      anomaly: fc.boolean(),
      anomalyRatio: number,
      modelAvg: number,
      modelStd: number,
      zScore: number,
      threshold: fc.constantFrom(2, 3.5, 0, -0),
      endedRun: event,
    },
    { requiredKeys: ['anomaly', 'anomalyRatio', 'modelAvg', 'modelStd', 'zScore', 'threshold'] },
  );
  /** Same values, -0 included, and the same keys in the same order. */
  const same = (a: unknown, b: unknown): boolean =>
    typeof a === 'object' && a !== null && typeof b === 'object' && b !== null
      ? JSON.stringify(Object.keys(a)) === JSON.stringify(Object.keys(b)) &&
        Object.keys(a).every((k) => same((a as never)[k], (b as never)[k]))
      : Object.is(a, b);

  it('should recall and list exactly what the last `capacity` remembered samples were given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        // Distinct times, as the detector remembers them (a time still held is never remembered).
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 1000 }), detection), {
          maxLength: 300,
          selector: ([time]) => time,
        }),
        (capacity, samples) => {
          const memory = new ResendMemory(capacity);
          const held: Array<{ time: number; result: DetectionResult }> = [];
          for (const [time, result] of samples) {
            memory.remember(time, result);
            held.push({ time, result: { ...result } });
            if (held.length > capacity) held.shift();
            const probe = held[time % held.length];
            if (!same(memory.recall(probe.time), probe.result)) return false;
          }
          return same(memory.entries(), held);
        },
      ),
      { numRuns: 300 },
    );
  });
});
