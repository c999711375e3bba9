import { ZScoreModel } from './z-score';
import { ZScoreParams, validateZScoreParams } from './z-score.params';
import { gaussian, rng } from '../common/random/random';
import { TwoPassReference } from '../../test/support/z-score-reference';

function series(length: number, seed: number, f: (i: number, g: () => number) => number): number[] {
  const rand = rng(seed);
  return Array.from({ length }, (_, i) => f(i, () => gaussian(rand)));
}

const close = (actual: number, expected: number, rel: number) =>
  Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected));

function compare(params: ZScoreParams, values: number[]): { anomalies: number; rebased: boolean } {
  const detector = new ZScoreModel(params);
  const reference = new TwoPassReference(params);
  let anomalies = 0;
  let rebased = false;
  values.forEach((x, i) => {
    const got = detector.score(x);
    const want = reference.score(x);
    const where = `sample ${i} (x=${x}): got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
    if (
      got.anomaly !== want.anomaly ||
      !close(got.zScore, want.zScore, 1e-6) ||
      !close(got.modelAvg, want.modelAvg, 1e-9) ||
      !close(got.modelStd, want.modelStd, 1e-6) ||
      got.anomalyRatio !== want.anomalyRatio ||
      got.threshold !== params.threshold
    ) {
      throw new Error(`Mismatch at ${where}`);
    }
    if (got.anomaly) anomalies++;
    if (
      params.rebaselineAfter > 0 &&
      detector.snapshot().consecutiveAnomalies === 0 &&
      got.anomaly
    ) {
      rebased = true;
    }
  });
  return { anomalies, rebased };
}

const base: ZScoreParams = {
  window: 25,
  threshold: 2,
  ratioWindow: 25,
  rebaselineAfter: 0,
  minStd: 0.001,
};

describe(ZScoreModel.name, () => {
  describe('against a two-pass reference', () => {
    const cases: Array<[string, Partial<ZScoreParams>, number[]]> = [
      ['random', { window: 30, ratioWindow: 10 }, series(5000, 1, (_, g) => 20 + 5 * g())],
      [
        'constant (σ = 0, floor S)',
        { window: 10, minStd: 0.05 },
        series(400, 2, (i) => (i % 97 === 96 || i >= 300 ? 7.2 : 7)),
      ],
      [
        'step',
        { window: 20 },
        series(3000, 3, (i, g) => (i < 1000 ? 0 : i < 2000 ? 50 : -30) + g()),
      ],
      [
        'spiky',
        { window: 25, threshold: 3, ratioWindow: 50 },
        series(5000, 4, (i, g) => g() + (i % 19 === 0 ? 20 : 0) - (i % 23 === 0 ? 15 : 0)),
      ],
      ['offset by 1e6 (100k samples)', {}, series(100_000, 5, (_, g) => 1e6 + g())],
      [
        'level jump 0 → 1e6 → 0',
        { window: 10 },
        series(6000, 7, (i, g) => (i >= 2000 && i < 4000 ? 1e6 : 0) + g()),
      ],
    ];

    it.each(cases)('should agree on a %s series with K = 0', (_, params, values) => {
      const { anomalies } = compare({ ...base, ...params, rebaselineAfter: 0 }, values);
      expect(anomalies).toBeGreaterThan(0);
    });

    it.each(cases)('should agree on a %s series with K > 0', (_, params, values) => {
      const { rebased } = compare({ ...base, ...params, rebaselineAfter: 3 }, values);
      expect(rebased).toBe(true);
    });

    it('should agree when K exceeds W (the model becomes the run)', () => {
      const values = series(2000, 6, (i, g) => (i < 500 ? 0 : i < 1200 ? 100 : 40) + g());
      const { rebased } = compare({ ...base, window: 5, rebaselineAfter: 8 }, values);
      expect(rebased).toBe(true);
    });
  });

  it('should score the fixture: 13 after 10, 11, 10, 11, … is an anomaly (z ≈ 4.942)', () => {
    const detector = new ZScoreModel(base);
    for (let i = 0; i < 25; i++) {
      const r = detector.score(i % 2 === 0 ? 10 : 11);
      expect(r).toMatchObject({ anomaly: false, zScore: 0, modelStd: 0, anomalyRatio: 0 });
    }
    const r = detector.score(13);
    expect(r.anomaly).toBe(true);
    expect(r.zScore).toBeCloseTo(4.942, 3);
    expect(r.modelAvg).toBeCloseTo(10.48, 12);
    expect(r.modelStd).toBeCloseTo(Math.sqrt(0.26), 12);
    expect(r.anomalyRatio).toBe(1);
    expect(r.threshold).toBe(2);
    expect(detector.snapshot()).toMatchObject({ filled: 25, scored: 1, consecutiveAnomalies: 1 });
    expect(detector.snapshot().mean).toBeCloseTo(10.48, 12);
  });

  it('should report the warm-up mean as model_avg, e.g. 42 for a first value of 42', () => {
    const detector = new ZScoreModel(base);
    expect(detector.score(42)).toEqual({
      anomaly: false,
      anomalyRatio: 0,
      modelAvg: 42,
      modelStd: 0,
      zScore: 0,
      threshold: 2,
    });
    expect(detector.score(44).modelAvg).toBe(43);
  });

  it('should sign z', () => {
    const detector = new ZScoreModel({ ...base, window: 4 });
    [1, 2, 1, 2].forEach((v) => detector.score(v));
    expect(detector.score(0).zScore).toBeLessThan(-2);
  });

  it('should re-baseline after K consecutive anomalies onto the new level', () => {
    const detector = new ZScoreModel({ ...base, window: 5, rebaselineAfter: 3 });
    [10, 11, 10, 11, 10].forEach((v) => detector.score(v));
    expect(detector.score(50).anomaly).toBe(true);
    expect(detector.score(51).anomaly).toBe(true);
    const third = detector.score(50);
    expect(third.anomaly).toBe(true);
    expect(third.modelAvg).toBeCloseTo(10.4, 12);
    // M = last 5 of (11, 10, 11, 10, 50, 51, 50... after the oldest 10 went) = 11, 10, 50, 51, 50
    expect(detector.snapshot()).toMatchObject({ consecutiveAnomalies: 0, filled: 5 });
    expect(detector.snapshot().mean).toBeCloseTo((11 + 10 + 50 + 51 + 50) / 5, 12);
  });

  it('should never re-baseline with K = 0', () => {
    const detector = new ZScoreModel({ ...base, window: 5 });
    [10, 11, 10, 11, 10].forEach((v) => detector.score(v));
    for (let i = 0; i < 100; i++) expect(detector.score(50).anomaly).toBe(true);
    expect(detector.snapshot()).toMatchObject({ consecutiveAnomalies: 100, scored: 100 });
    expect(detector.snapshot().mean).toBeCloseTo(10.4, 12);
  });

  it('should take the ratio over min(N, scored so far)', () => {
    const detector = new ZScoreModel({ ...base, window: 4, ratioWindow: 3 });
    [1, 2, 1, 2].forEach((v) => detector.score(v));
    expect(detector.score(100).anomalyRatio).toBe(1);
    expect(detector.score(1.5).anomalyRatio).toBe(1 / 2);
    expect(detector.score(1.5).anomalyRatio).toBe(1 / 3);
    expect(detector.score(1.5).anomalyRatio).toBe(0);
    expect(detector.snapshot()).toMatchObject({ scored: 4, anomalyRatio: 0 });
  });

  it('should floor σ at S', () => {
    const detector = new ZScoreModel({ ...base, window: 3, minStd: 0.1 });
    [5, 5, 5].forEach((v) => detector.score(v));
    expect(detector.score(5.05)).toMatchObject({ modelStd: 0.1, anomaly: false });
    expect(detector.score(5.5)).toMatchObject({ modelStd: 0.1, anomaly: true });
  });

  it('should expose its parameters', () => {
    expect(new ZScoreModel(base).params).toEqual(base);
  });

  it('should refuse a non-finite value without touching the model', () => {
    const detector = new ZScoreModel(base);
    detector.score(1);
    expect(() => detector.score(Number.NaN)).toThrow(RangeError);
    expect(detector.snapshot()).toMatchObject({ filled: 1, mean: 1 });
  });

  describe('parameter validation', () => {
    it.each<[string, Partial<ZScoreParams>]>([
      ['W < 2', { window: 1 }],
      ['W not an integer', { window: 2.5 }],
      ['T = 0', { threshold: 0 }],
      ['T NaN', { threshold: Number.NaN }],
      ['N = 0', { ratioWindow: 0 }],
      ['K < 0', { rebaselineAfter: -1 }],
      ['K not an integer', { rebaselineAfter: 1.5 }],
      ['S = 0', { minStd: 0 }],
      ['S < 0', { minStd: -1 }],
      ['W too large', { window: 10_000_001 }],
    ])('should throw when %s', (_, bad) => {
      expect(() => new ZScoreModel({ ...base, ...bad })).toThrow(RangeError);
      expect(validateZScoreParams(bad)).toHaveLength(1);
    });

    it('should accept the smallest valid parameters', () => {
      const min = { window: 2, threshold: 1e-9, ratioWindow: 1, rebaselineAfter: 0, minStd: 1e-12 };
      expect(() => new ZScoreModel(min)).not.toThrow();
    });
  });
});
