import { SIGNAL_NAMES, SIGNAL_SPEC, makeSignal } from './signals';

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

describe(makeSignal.name, () => {
  it.each(SIGNAL_NAMES)('should make the same %s signal from the same seed', (name) => {
    const a = makeSignal(name, 3);
    expect(makeSignal(name, 3)).toEqual(a);
    expect(makeSignal(name, 4).values).not.toEqual(a.values);
    expect(a.values.every(Number.isFinite)).toBe(true);
    expect(a.times).toHaveLength(a.values.length);
  });

  it('should put each spike exactly 6σ off the level', () => {
    const { values, events } = makeSignal('spikes', 1);
    expect(events.length).toBe(20);
    for (const { kind, at } of events) {
      expect(kind).toBe('spike');
      expect(Math.abs(values[at] - SIGNAL_SPEC.level)).toBeCloseTo(6, 12);
    }
  });

  it('should move the level by 5σ at each step', () => {
    const { values, events } = makeSignal('steps', 1);
    expect(events.length).toBe(10);
    for (const { at } of events) {
      const jump = mean(values.slice(at, at + 200)) - mean(values.slice(at - 200, at));
      expect(Math.abs(Math.abs(jump) - 5)).toBeLessThan(0.3);
    }
  });

  it('should hold a stuck value for 300 samples, with an onset when it moves again', () => {
    const { values, events } = makeSignal('stuck', 1);
    const stuck = events.filter((e) => e.kind === 'stuck');
    expect(stuck.length).toBeGreaterThanOrEqual(5);
    for (const { at } of stuck) {
      expect(new Set(values.slice(at - 1, at + 300)).size).toBe(1);
      expect(events).toContainEqual({ kind: 'unstuck', at: at + 300 });
    }
  });

  it('should drift by 2σ per 10,000 samples', () => {
    const { values } = makeSignal('drift', 1);
    const rise = mean(values.slice(-1000)) - mean(values.slice(0, 1000));
    expect(rise).toBeCloseTo((2 * 19_000) / 10_000, 0);
  });

  it('should quantise to 0.1 steps', () => {
    const { values } = makeSignal('quantised', 1);
    expect(values.every((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9)).toBe(true);
  });

  it('should leave gaps in time, unlabelled, while the sine goes on', () => {
    const { values, times, events } = makeSignal('gaps', 1);
    const jumps = times.slice(1).filter((t, i) => t - times[i] > 1);
    expect(jumps.length).toBe(SIGNAL_SPEC.gap.count);
    expect(values.length).toBeLessThan(SIGNAL_SPEC.length - 20 * SIGNAL_SPEC.gap.count);
    expect(events).toEqual([]);
  });
});
