import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Point } from '@influxdata/influxdb-client';
import fc from 'fast-check';
import type { DetectionResult, ScoredSample } from '../common/domain/sample';
import { toLineProtocol } from './line-protocol';
import { Measurement, PointMapper } from './point.mapper';
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

  it('should write exactly what the client library writes for the same point', () => {
    const name = fc.oneof(
      fc.constantFrom(
        'L',
        'Press 1',
        'a,b',
        'x=y',
        'two words',
        'a\nb\tc\rd',
        '',
        'it\'s "q"',
        'Süd 機械 🚀',
        'b\\s',
      ),
      fc.string({ minLength: 1, maxLength: 8 }),
    );
    const num = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 42, 1e21, 5e-324, -1.5e-7),
    );
    const derived = fc.oneof(num, fc.constantFrom(Number.NaN, Infinity, -Infinity));
    const analytics = fc.option(
      fc.record({
        anomaly: fc.boolean(),
        anomalyRatio: derived,
        modelAvg: derived,
        modelStd: derived,
        zScore: derived,
        threshold: derived,
      }),
      { nil: undefined },
    );
    const head = { line: name, machine: name, name, time: fc.integer({ min: 0, max: 4e12 }) };
    const sample: fc.Arbitrary<ScoredSample> = fc.oneof(
      fc.record({ kind: fc.constant('state' as const), ...head, value: fc.integer() }),
      fc.record({ kind: fc.constant('sensor' as const), ...head, value: num, analytics }),
      fc.record({
        kind: fc.constant('vibration' as const),
        ...head,
        x: num,
        y: num,
        z: num,
        total: num,
        analytics,
      }),
    );
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 5 }), (samples) => {
        expect(toLineProtocol(mapper.toPoints(samples))).toEqual(
          toLineProtocol(samples.map(libraryPoint)),
        );
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});

/** The mapping written with the client library's Point builder: the reference for the text. */
function libraryPoint(s: ScoredSample): Point {
  const base = (m: string, nameTag: string) =>
    new Point(m).tag('line_name', s.line).tag('machine_name', s.machine).tag(nameTag, s.name);
  const addAnalytics = (p: Point, r: DetectionResult) => {
    p.intField('anomaly', r.anomaly ? 1 : 0);
    const fields: Array<[string, number]> = [
      ['anomaly_ratio', r.anomalyRatio],
      ['model_avg', r.modelAvg],
      ['z_score', r.zScore],
      ['z_score_thresh', r.threshold],
      ['model_std', r.modelStd],
    ];
    for (const [f, v] of fields) if (Number.isFinite(v)) p.floatField(f, v);
    return p;
  };
  switch (s.kind) {
    case 'state':
      return base(Measurement.state, 'state_name').intField('value', s.value).timestamp(s.time);
    case 'sensor':
      return s.analytics
        ? addAnalytics(
            base(Measurement.analysedSensor, 'sensor_name').floatField('value', s.value),
            s.analytics,
          ).timestamp(s.time)
        : base(Measurement.sensor, 'sensor_name').floatField('value', s.value).timestamp(s.time);
    case 'vibration': {
      const p = base(Measurement.vibration, 'sensor_name')
        .floatField('vib_accel_rms_x', s.x)
        .floatField('vib_accel_rms_y', s.y)
        .floatField('vib_accel_rms_z', s.z)
        .floatField('vib_accel_rms_total', s.total);
      if (s.analytics) addAnalytics(p, s.analytics);
      return p.timestamp(s.time);
    }
  }
}
