import fc from 'fast-check';
import { ZScoreDetector } from '../anomaly-detection/z-score-detector';
import { packDetectorState, unpackDetectorState } from './packed-state';

describe('packed detector state', () => {
  it('should give back the state of any detector history as its plain JSON would', () => {
    fc.assert(
      fc.property(
        fc.record({
          window: fc.integer({ min: 2, max: 40 }),
          rebaselineAfter: fc.integer({ min: 0, max: 6 }),
          values: fc.array(
            fc.oneof(
              fc.double({ min: -1e6, max: 1e6, noNaN: true }),
              fc.constant(-0),
              fc.constant(1e9),
            ),
            { maxLength: 150 },
          ),
          resends: fc.array(fc.nat(150), { maxLength: 10 }),
        }),
        ({ window, rebaselineAfter, values, resends }) => {
          const detector = new ZScoreDetector({
            window,
            threshold: 2,
            ratioWindow: 7,
            rebaselineAfter,
            minStd: 0.001,
          });
          values.forEach((v, i) => detector.score(v, 1000 + i));
          for (const i of resends) detector.score(values[i] ?? 0, 1000 + i);
          const state = detector.toJSON();
          const packed = JSON.parse(JSON.stringify(packDetectorState(state))) as ReturnType<
            typeof packDetectorState
          >;
          const back = unpackDetectorState(packed);
          // As the plain JSON form would (JSON writes −0 as 0, and the scalars go through JSON).
          const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
          expect(json(back)).toEqual(json(state));
          expect(JSON.stringify(ZScoreDetector.fromJSON(back))).toBe(JSON.stringify(state));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should be about half the size of the plain JSON for a warmed-up detector', () => {
    const detector = new ZScoreDetector({
      window: 100,
      threshold: 3.5,
      ratioWindow: 25,
      rebaselineAfter: 10,
      minStd: 0.001,
    });
    for (let i = 0; i < 200; i++) detector.score(Math.sin(i) * 3 + (i % 50 === 0 ? 40 : 0), i);
    const plain = JSON.stringify(detector.toJSON()).length;
    const packed = JSON.stringify(packDetectorState(detector.toJSON())).length;
    expect(packed).toBeLessThan(plain * 0.6);
  });
});
