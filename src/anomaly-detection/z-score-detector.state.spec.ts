import { gaussian, rng } from '../common/random/random';
import { ZScoreDetector } from './z-score-detector';
import type { ZScoreDetectorState } from './z-score-detector.state';
import type { ZScoreParams } from './z-score.params';

const params: ZScoreParams = {
  window: 20,
  threshold: 3,
  ratioWindow: 30,
  rebaselineAfter: 8,
  minStd: 0.001,
};

/** Noise at 1e6 with level steps, plus resends (every 9th) and late samples (every 13th). */
function feed(detector: ZScoreDetector, from: number, to: number, seed: number) {
  const rand = rng(seed);
  const out = [];
  for (let i = from; i < to; i++) {
    const x = 1e6 + (Math.floor(i / 700) % 2) * 10 + gaussian(rand);
    out.push(detector.score(x, i * 100));
    if (i % 9 === 0) out.push(detector.score(x + 1, i * 100));
    if (i % 13 === 0) out.push(detector.score(x - 50, i * 100 - 50));
  }
  return out;
}

const roundTrip = (detector: ZScoreDetector) =>
  ZScoreDetector.fromJSON(JSON.parse(JSON.stringify(detector)));

describe('ZScoreDetector serialisation', () => {
  it.each([
    ['fresh', 0],
    ['warming up', 7],
    ['mid-run, after re-baselines', 2103],
  ])('should continue bit for bit after a JSON round trip when %s', (_, fed) => {
    const original = new ZScoreDetector(params);
    feed(original, 0, fed, 1);
    const restored = roundTrip(original);
    expect(restored.toJSON()).toEqual(original.toJSON());
    expect(feed(restored, fed, fed + 3000, 2)).toEqual(feed(original, fed, fed + 3000, 2));
  });

  it('should keep the resend memory and the open run', () => {
    const original = new ZScoreDetector({ ...params, window: 3, rebaselineAfter: 0 });
    [1, 2, 1].forEach((v, t) => original.score(v, t));
    const flagged = original.score(90, 3);
    const restored = roundTrip(original);
    expect(restored.score(90, 3)).toEqual(flagged);
    expect(restored.score(1.5, 4).endedRun).toEqual({
      start: 3,
      end: 3,
      samples: 1,
      peakZ: flagged.zScore,
    });
  });

  it('should round-trip a detector whose parameters were changed', () => {
    const original = new ZScoreDetector(params);
    feed(original, 0, 500, 3);
    original.setParams({ ...params, window: 12, ratioWindow: 50 });
    const restored = roundTrip(original);
    expect(feed(restored, 500, 1500, 4)).toEqual(feed(original, 500, 1500, 4));
  });

  describe('invalid states', () => {
    const valid = (): ZScoreDetectorState => {
      const detector = new ZScoreDetector(params);
      feed(detector, 0, 100, 5);
      return JSON.parse(JSON.stringify(detector));
    };

    it.each<[string, (s: ZScoreDetectorState) => unknown, RegExp]>([
      ['not an object', () => 'state', /not an object/],
      ['another version', (s) => ({ ...s, version: 2 }), /unsupported version 2/],
      ['a broken resend entry', (s) => ({ ...s, recent: [{ time: 1 }] }), /recent/],
      ['a bad open run', (s) => ({ ...s, openRun: { start: 1 } }), /openRun/],
      [
        'missing parameters',
        (s) => ({ ...s, model: { ...s.model, params: { window: 20 } } }),
        /params must hold/,
      ],
      [
        'invalid parameters',
        (s) => ({ ...s, model: { ...s.model, params: { ...params, window: 1 } } }),
        /window/,
      ],
      [
        'a model larger than the window',
        (s) => ({ ...s, model: { ...s.model, model: [...s.model.model, 1] } }),
        /model must be 0 to 20 finite numbers/,
      ],
      [
        'flags that do not add up',
        (s) => ({ ...s, model: { ...s.model, flagged: s.model.flagged + 1 } }),
        /flagged must equal/,
      ],
      [
        'a NaN written as null',
        (s) => ({ ...s, model: { ...s.model, mean: null } }),
        /mean must be a finite number/,
      ],
    ])('should refuse %s', (_, corrupt, message) => {
      expect(() => ZScoreDetector.fromJSON(corrupt(valid()))).toThrow(message);
      expect(() => ZScoreDetector.fromJSON(corrupt(valid()))).toThrow(RangeError);
    });
  });
});
