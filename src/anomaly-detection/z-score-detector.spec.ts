import { gaussian, rng } from '../common/random/random';
import { TwoPassReference } from '../../test/support/z-score-reference';
import { RESEND_MEMORY, ZScoreDetector } from './z-score-detector';
import type { ZScoreParams } from './z-score.params';

const params: ZScoreParams = {
  window: 5,
  threshold: 2,
  ratioWindow: 4,
  rebaselineAfter: 0,
  minStd: 0.001,
};

/** A detector that has seen 10, 11, 10, 11, 10 at times 0..4. */
function warmed(p: ZScoreParams = params): ZScoreDetector {
  const detector = new ZScoreDetector(p);
  [10, 11, 10, 11, 10].forEach((v, t) => detector.score(v, t));
  return detector;
}

describe(ZScoreDetector.name, () => {
  describe('resends (DESIGN 5)', () => {
    it('should answer a resend with a copy of its first result, whatever its value, and learn nothing', () => {
      const detector = warmed();
      const first = detector.score(50, 5);
      const before = detector.toJSON();
      const again = detector.score(50, 5);
      const differentValue = detector.score(10.5, 5);
      expect(again).toEqual(first);
      expect(differentValue).toEqual(first);
      expect(detector.toJSON()).toEqual(before);
    });

    it('should remember the last RESEND_MEMORY timestamps and no more', () => {
      const detector = warmed({ ...params, window: 2 });
      const first = detector.score(10.5, 100);
      for (let t = 101; t < 100 + RESEND_MEMORY; t++) detector.score(10.5, t);
      expect(detector.score(10.5, 100)).toEqual(first);
      detector.score(10.5, 100 + RESEND_MEMORY);
      const before = detector.snapshot();
      const forgotten = detector.score(10.5, 100);
      expect(forgotten).not.toEqual(first);
      // Scored as late against today's model {10.5, 10.5}: σ is the floor S.
      expect(forgotten).toMatchObject({ anomaly: false, modelStd: params.minStd });
      expect(detector.snapshot()).toEqual(before);
    });

    it('should give the same in-order results as the stream without resends and late samples', () => {
      const rand = rng(11);
      const values = Array.from({ length: 3000 }, (_, i) => (i > 1500 ? 8 : 0) + gaussian(rand));
      const p = { ...params, window: 25, ratioWindow: 25, rebaselineAfter: 10 };
      const reference = new TwoPassReference(p);
      const detector = new ZScoreDetector(p);
      values.forEach((x, t) => {
        const want = reference.score(x);
        const got = detector.score(x, t * 10);
        expect(got).toMatchObject({ anomaly: want.anomaly, anomalyRatio: want.anomalyRatio });
        expect(got.zScore).toBeCloseTo(want.zScore, 9);
        if (t % 7 === 0) expect(detector.score(x + 100, t * 10)).toEqual(got);
        if (t % 11 === 0 && t > 0) detector.score(x - 100, t * 10 - 5);
      });
    });
  });

  describe('late samples (DESIGN 5)', () => {
    it('should score a late sample against the current model without changing it', () => {
      const detector = warmed();
      detector.score(10.5, 10);
      const before = detector.toJSON();
      const late = detector.score(50, 7);
      expect(late).toMatchObject({ anomaly: true, modelAvg: 10.5, anomalyRatio: 1 / 2 });
      expect(late.zScore).toBeCloseTo((50 - 10.5) / Math.sqrt(0.25), 12);
      // Only the resend memory moved: it now holds the late sample.
      expect({ ...detector.toJSON(), recent: [] }).toEqual({ ...before, recent: [] });
      expect(detector.score(50, 7)).toEqual(late);
    });

    it('should not let a late sample join the model during warm-up', () => {
      const detector = new ZScoreDetector(params);
      detector.score(10, 10);
      expect(detector.score(20, 5)).toMatchObject({ anomaly: false, zScore: 0, modelAvg: 15 });
      expect(detector.snapshot()).toMatchObject({ filled: 1, mean: 10 });
    });
  });

  describe('anomaly runs', () => {
    it('should hand the run to the normal sample that ends it, once', () => {
      const detector = warmed();
      const flagged = [50, -40, 60].map((v, i) => detector.score(v, 10 + i));
      expect(flagged.every((r) => r.anomaly && r.endedRun === undefined)).toBe(true);
      const peakZ = flagged[1].zScore;
      expect(peakZ).toBeLessThan(-90);
      const end = detector.score(10.5, 13);
      expect(end).toMatchObject({ anomaly: false, endedRun: { start: 10, end: 12, samples: 3 } });
      expect(end.endedRun?.peakZ).toBe(peakZ);
      expect(detector.score(10.5, 13)).toEqual(end);
      expect(detector.score(10.4, 14).endedRun).toBeUndefined();
    });

    it('should keep late samples out of runs', () => {
      const detector = warmed();
      detector.score(50, 10);
      detector.score(10.5, 8);
      expect(detector.score(10.5, 11).endedRun).toMatchObject({ start: 10, end: 10, samples: 1 });
    });
  });

  describe('reset and parameter changes', () => {
    it('should warm up again after a reset, keeping resends and the open run', () => {
      const detector = warmed();
      const first = detector.score(50, 5);
      detector.reset();
      expect(detector.snapshot()).toMatchObject({ filled: 0, scored: 0 });
      expect(detector.score(50, 5)).toEqual(first);
      expect(detector.score(10, 6)).toMatchObject({
        anomaly: false,
        modelAvg: 10,
        endedRun: { start: 5, end: 5, samples: 1 },
      });
    });

    it('should keep the model when only the threshold changes', () => {
      const detector = warmed();
      detector.score(50, 5);
      const before = detector.snapshot();
      detector.setParams({ ...params, threshold: 100 });
      expect(detector.params.threshold).toBe(100);
      expect(detector.snapshot()).toEqual({ ...before, consecutiveAnomalies: 0 });
      expect(detector.score(50, 6)).toMatchObject({ anomaly: false, threshold: 100 });
    });

    it('should keep the newest values when the window shrinks, and warm up when it grows', () => {
      const shrink = warmed();
      shrink.setParams({ ...params, window: 3 });
      expect(shrink.snapshot().filled).toBe(3);
      expect(shrink.snapshot().mean).toBeCloseTo(31 / 3, 12);
      const grow = warmed();
      grow.setParams({ ...params, window: 8 });
      expect(grow.snapshot()).toMatchObject({ filled: 5, std: 0 });
      expect(grow.snapshot().mean).toBeCloseTo(10.4, 12);
      expect(grow.score(99, 5)).toMatchObject({ anomaly: false, zScore: 0 });
    });

    it('should keep the newest flags when the ratio window changes', () => {
      const detector = warmed();
      [50, 10.5, 50, 10.5, 10.4].forEach((v, i) => detector.score(v, 10 + i));
      expect(detector.snapshot().anomalyRatio).toBe(1 / 4);
      detector.setParams({ ...params, ratioWindow: 2 });
      expect(detector.snapshot()).toMatchObject({ anomalyRatio: 0, scored: 5 });
      detector.setParams({ ...params, ratioWindow: 10 });
      expect(detector.snapshot().anomalyRatio).toBe(0);
      expect(detector.score(50, 20).anomalyRatio).toBe(1 / 6);
    });
  });
});
