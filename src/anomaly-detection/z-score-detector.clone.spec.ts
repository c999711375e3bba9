import { ZScoreDetector } from './z-score-detector';

const params = { window: 10, threshold: 2, ratioWindow: 5, rebaselineAfter: 3, minStd: 0.001 };

describe('ZScoreDetector.clone', () => {
  it('should hold the same state and go on exactly as the original, independently', () => {
    const original = new ZScoreDetector(params);
    for (let i = 0; i < 40; i++) original.score(i % 7 === 3 ? 50 : i % 4, i);
    const frozen = JSON.stringify(original);
    const copy = original.clone();
    expect(JSON.stringify(copy)).toBe(frozen);

    // The original moves on (an open run, resends, a late sample); the copy does not.
    for (let i = 40; i < 60; i++) original.score(i % 5 === 0 ? 80 : i % 4, i);
    original.score(1, 45);
    original.score(3, 2);
    expect(JSON.stringify(copy)).toBe(frozen);

    // And the copy continues bit for bit as the original did from that point.
    const twin = ZScoreDetector.fromJSON(JSON.parse(frozen));
    for (let i = 40; i < 60; i++) {
      const v = i % 5 === 0 ? 80 : i % 4;
      expect(copy.score(v, i)).toEqual(twin.score(v, i));
    }
    expect(JSON.stringify(copy)).toBe(JSON.stringify(twin));
  });
});
