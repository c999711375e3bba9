import { parseTimeParam } from './time-param';

describe('parseTimeParam', () => {
  it.each([
    ['1740873600000', 1740873600000],
    ['0', 0],
    ['2025-03-02T00:00:00Z', Date.UTC(2025, 2, 2)],
    ['2025-03-02T00:00:00.250Z', Date.UTC(2025, 2, 2, 0, 0, 0, 250)],
    ['2025-03-02T01:00:00+01:00', Date.UTC(2025, 2, 2)],
    ['2025-03-02T01:00+0100', Date.UTC(2025, 2, 2)],
    ['2025-03-02T00:00:00', Date.UTC(2025, 2, 2)],
    ['2025-03-02T06:30', Date.UTC(2025, 2, 2, 6, 30)],
    ['2025-03-02', Date.UTC(2025, 2, 2)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('should read %s', (text, ms) => {
    expect(parseTimeParam(text)).toBe(ms);
  });

  it.each([
    '',
    'yesterday',
    '-5',
    '1.5',
    '2025-13-01T00:00:00Z',
    '2025-02-30',
    '2025-02-29T00:00:00Z',
    '2025-03-02T24:30:00Z',
    '2025-03-02T00:00:00 UTC',
    '2025/03/02',
  ])('should refuse %j', (text) => {
    expect(parseTimeParam(text)).toBeUndefined();
  });
});
