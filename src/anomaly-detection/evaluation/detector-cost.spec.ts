import { DETECTOR_PRESETS } from '../../config/app.config';
import { measureDetectorCost } from './detector-cost';

// Cost is printed by `npm run cost:detector`, never asserted: only the report's shape is tested.
describe(measureDetectorCost.name, () => {
  it('should report what it measured, as ns per sample and samples per second', () => {
    const cost = measureDetectorCost({
      samples: 20_000,
      series: 3,
      rounds: 3,
      params: DETECTOR_PRESETS.legacy,
    });
    expect(cost).toMatchObject({
      samples: 20_000,
      series: 3,
      rounds: 3,
      params: DETECTOR_PRESETS.legacy,
    });
    expect(Number.isFinite(cost.nsPerSample) && cost.nsPerSample > 0).toBe(true);
    expect(cost.samplesPerSecond * cost.nsPerSample).toBeCloseTo(1e9, 0);
  });
});
