import { scoreDetection } from './detection-score';

const at = (machine: string, sensor: string, time: number) => ({
  line: 'L',
  machine,
  sensor,
  time,
});

describe(scoreDetection.name, () => {
  it('should count a flagged sample as found only when series and TimeStamp match a label', () => {
    const injected = [
      at('M1', 'Temp', 1),
      at('M1', 'Temp', 5),
      at('M2', 'Temp', 5),
      at('M1', 'Pressure', 9),
    ];
    const flagged = [
      at('M1', 'Temp', 5),
      at('M2', 'Temp', 5),
      at('M2', 'Temp', 6),
      at('M1', 'Temp', 9),
    ];
    expect(scoreDetection(injected, flagged)).toEqual({
      injected: 4,
      flagged: 4,
      truePositives: 2,
      precision: 0.5,
      recall: 0.5,
    });
  });

  it('should count a resent (duplicate) flag once and leave undefined ratios for empty sets', () => {
    expect(scoreDetection([at('M', 'T', 1)], [at('M', 'T', 1), at('M', 'T', 1)])).toEqual({
      injected: 1,
      flagged: 1,
      truePositives: 1,
      precision: 1,
      recall: 1,
    });
    expect(scoreDetection([], [])).toEqual({
      injected: 0,
      flagged: 0,
      truePositives: 0,
      precision: undefined,
      recall: undefined,
    });
  });
});
