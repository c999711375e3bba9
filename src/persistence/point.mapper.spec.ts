import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ScoredSample } from '../common/domain/sample';
import { toLineProtocol } from './line-protocol';
import { PointMapper } from './point.mapper';
import { parseLines } from './testing/line-protocol-parser';

const goldenDir = join(__dirname, 'testdata', 'point-mapper');
const cases = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.samples.json'))
  .map((f) => f.replace('.samples.json', ''));

describe(PointMapper.name, () => {
  const mapper = new PointMapper();

  it('should have golden cases to compare against', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(cases)('golden case %s', (name) => {
    const samples = JSON.parse(
      readFileSync(join(goldenDir, `${name}.samples.json`), 'utf8'),
    ) as ScoredSample[];
    const expectedText = readFileSync(join(goldenDir, `${name}.expected.lp`), 'utf8');

    it('should produce the expected points (tag and field order free, field text exact)', () => {
      const actual = parseLines(toLineProtocol(mapper.toPoints(samples)).join('\n'));
      expect(actual).toEqual(parseLines(expectedText));
    });
  });

  it('should write an analysed sensor only as SingleSensorAnalytics', () => {
    const lines = toLineProtocol(
      mapper.toPoints([
        {
          kind: 'sensor',
          line: 'L',
          machine: 'M',
          name: 'T',
          value: 1,
          time: 1,
          analytics: {
            anomaly: false,
            anomalyRatio: 0,
            modelAvg: 1,
            modelStd: 0,
            zScore: 0,
            threshold: 2,
          },
        },
      ]),
    );
    expect(lines).toHaveLength(1);
    expect(parseLines(lines[0])[0].measurement).toBe('SingleSensorAnalytics');
  });

  it('should leave out analytics fields InfluxDB cannot store (NaN, Infinity)', () => {
    const [line] = toLineProtocol(
      mapper.toPoints([
        {
          kind: 'sensor',
          line: 'L',
          machine: 'M',
          name: 'T',
          value: 5,
          time: 1,
          analytics: {
            anomaly: true,
            anomalyRatio: 1,
            modelAvg: 5,
            modelStd: 0,
            zScore: Number.POSITIVE_INFINITY,
            threshold: 2,
          },
        },
      ]),
    );
    const fields = parseLines(line)[0].fields;
    expect(fields.z_score).toBeUndefined();
    expect(fields).toMatchObject({ value: '5', anomaly: '1i', model_std: '0' });
  });

  it('should write millisecond timestamps unchanged', () => {
    const [line] = toLineProtocol(
      mapper.toPoints([
        { kind: 'state', line: 'L', machine: 'M', name: 'S', value: 1, time: 946684800123 },
      ]),
    );
    expect(line.endsWith(' 946684800123')).toBe(true);
  });
});
