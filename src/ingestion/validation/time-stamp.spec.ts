import { MIN_TIMESTAMP_MS, parseTimeStamp } from './time-stamp';

describe(parseTimeStamp.name, () => {
  it.each([
    [1764000000000, 1764000000000],
    [1764000000000.7, 1764000000000],
    ['1764000000000', 1764000000000],
    ['2025-11-24T16:00:00.000Z', 1764000000000],
    ['2025-11-24T16:00:00Z', 1764000000000],
    ['2025-11-24T16:00:00', 1764000000000],
    ['2025-11-24 16:00:00.000', 1764000000000],
    ['2025-11-24T17:00:00.000+01:00', 1764000000000],
    ['2025-11-24T15:30:00-0030', 1764000000000],
    ['2025-11-24T16:00:00.123456789Z', 1764000000123],
    ['2025-11-24', Date.UTC(2025, 10, 24)],
  ])('should read %p as %p', (input, expected) => {
    expect(parseTimeStamp(input)).toBe(expected);
  });

  it.each([
    ['abc'],
    [''],
    ['2025-02-30T00:00:00Z'],
    ['2025-11-24T24:00:00Z'],
    ['1764000000000.5'],
    ['-1'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [true],
    [null],
    [{}],
    [[1764000000000]],
  ])('should refuse %p', (input) => {
    expect(parseTimeStamp(input)).toBeUndefined();
  });

  it('should place the minimum at 2000-01-01 UTC', () => {
    expect(new Date(MIN_TIMESTAMP_MS).toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });
});
