import { DETECTOR_PRESETS } from '../../config/app.config';
import type { ZScoreParams } from '../z-score.params';
import { ParamsResult, choose, eligible, evaluate, makeSignals, scoreFlags } from './evaluate';
import type { LabelledSignal } from './signals';

const flat: LabelledSignal = {
  name: 'steps',
  values: new Array(300).fill(0),
  times: Array.from({ length: 300 }, (_, i) => i),
  events: [
    { kind: 'step', at: 100 },
    { kind: 'spike', at: 200 },
    { kind: 'stuck', at: 250 },
  ],
};

describe(scoreFlags.name, () => {
  it('should count an onset as detected by a flag at it or up to 3 samples after', () => {
    expect(scoreFlags(flat, [103, 200])).toMatchObject({ mustDetect: 2, detected: 2 });
    expect(scoreFlags(flat, [99, 104, 204])).toMatchObject({ detected: 0 });
  });

  it('should call a flag false unless it is at most 50 samples after any onset', () => {
    expect(scoreFlags(flat, [100, 150, 250, 299])).toMatchObject({ falseFlags: 0, flags: 4 });
    expect(scoreFlags(flat, [10, 99, 151])).toMatchObject({ falseFlags: 3, points: 300 });
  });
});

describe(choose.name, () => {
  const result = (p: Partial<ZScoreParams>, mean: number, qualifies = true): ParamsResult =>
    ({
      params: { ...DETECTOR_PRESETS.measured, ...p },
      meanFalsePer1000: mean,
      qualifies,
    }) as ParamsResult;

  it('should take the eligible qualifying set with the fewest false flags that holds on held-out seeds', () => {
    const fewest = result({ window: 200 }, 0.1);
    const notQualifying = result({}, 0.2, false);
    const failsHeldOut = result({ threshold: 4 }, 0.3);
    const chosen = result({ threshold: 3 }, 0.4);
    const heldOut = (p: ZScoreParams) => ({ qualifies: p.threshold !== 4 }) as ParamsResult;
    expect(eligible(fewest.params)).toBe(false);
    expect(
      choose([fewest, notQualifying, failsHeldOut, chosen, result({ threshold: 2 }, 0.5)], heldOut),
    ).toBe(chosen);
    expect(choose([fewest], heldOut)).toBeUndefined();
  });
});

describe(evaluate.name, () => {
  const signals = makeSignals([1]);

  it('should find that the configured defaults meet the criteria on seed 1', () => {
    const r = evaluate(DETECTOR_PRESETS.measured, signals);
    expect(r.spikes).toEqual({ detected: 20, of: 20 });
    expect(r.steps).toEqual({ detected: 10, of: 10 });
    expect(r.meanFalsePer1000).toBeLessThan(10);
    expect(r.qualifies).toBe(true);
  });

  it("should find that the old server's parameters do not, flagging after every level shift", () => {
    const r = evaluate(DETECTOR_PRESETS.legacy, signals);
    expect(r.qualifies).toBe(false);
    expect(r.meanFalsePer1000).toBeGreaterThan(100);
    expect(r.bySignal.steps.falseFlags).toBeGreaterThan(r.bySignal.steps.points / 2);
  });
});
