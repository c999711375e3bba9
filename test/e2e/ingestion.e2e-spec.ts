import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { ParsedPoint, parsePoints, storedPoints } from '../support/line-protocol';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

interface WireFixture {
  route: string;
  body: unknown;
  status: number;
  answer: unknown;
  points: string[];
}

const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'wire');
const fixtures = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as WireFixture] as const);

/** Fields the schema may add beyond the old server's (DESIGN: new fields may be added). */
const ADDED_FIELDS = new Set(['model_std']);

function expectSamePoint(actual: ParsedPoint, expected: ParsedPoint): void {
  expect(actual.measurement).toBe(expected.measurement);
  expect(actual.tags).toEqual(expected.tags);
  expect(actual.time).toBe(expected.time);
  for (const [name, value] of Object.entries(expected.fields)) {
    if (typeof value === 'number') expect(actual.fields[name]).toBeCloseTo(value, 12);
    else expect(actual.fields[name]).toEqual(value);
  }
  const extra = Object.keys(actual.fields).filter((f) => !(f in expected.fields));
  expect(extra.filter((f) => !ADDED_FIELDS.has(f))).toEqual([]);
}

describe('Ingestion (embedded line-protocol store)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);

  beforeEach(async () => {
    // The wire examples are the old server's, so they are scored with its parameters: one
    // variable away from today's defaults.
    t = await createTestApp(
      { ANOMALY_PRESET: 'legacy' },
      { files: sensorFiles(['Temp'], ['SpindleVib']) },
    );
  });
  afterEach(() => t.close());

  it.each(fixtures)(
    'should answer and store %s exactly as the wire contract says',
    async (_f, fx) => {
      const res = await http()
        .post(fx.route)
        .send(fx.body as object);
      expect(res.status).toBe(fx.status);
      expect(res.body).toEqual(fx.answer);
      const stored = storedPoints(t.dataDir);
      expect(stored).toHaveLength(fx.points.length);
      fx.points.forEach((line, i) => expectSamePoint(stored[i], parsePoints(line)[0]));
    },
  );

  it('should read the body as JSON whatever the Content-Type says (TF6760 default)', async () => {
    const body = JSON.stringify({
      LineName: 'L',
      MachineName: 'M',
      SensorName: 'S',
      SensorValue: 1.5,
    });
    for (const type of ['text/html;charset=UTF-8', 'text/plain', 'application/octet-stream']) {
      const res = await http().post('/generic-sensor').set('Content-Type', type).send(body);
      expect(res.status).toBe(200);
    }
    expect(storedPoints(t.dataDir)).toHaveLength(3);
  });

  it('should read bytes that are not UTF-8 as Windows-1252', async () => {
    // "Öl€" in Windows-1252: 0xD6 0x6C 0x80, sent with the PLC's default UTF-8 claim.
    const prefix = Buffer.from('{"LineName":"L","MachineName":"M","SensorName":"');
    const suffix = Buffer.from('","SensorValue":1,"TimeStamp":1764000000000}');
    const body = Buffer.concat([prefix, Buffer.from([0xd6, 0x6c, 0x80]), suffix]);
    const res = await http()
      .post('/generic-sensor')
      .set('Content-Type', 'text/html;charset=UTF-8')
      .send(body);
    expect(res.status).toBe(200);
    expect(storedPoints(t.dataDir)[0].tags.sensor_name).toBe('Öl€');
  });

  it('should keep valid UTF-8 as it is', async () => {
    const res = await http()
      .post('/generic-sensor')
      .set('Content-Type', 'application/json')
      // A string, not a Buffer: superagent would serialise a Buffer as {"type":"Buffer",...}.
      .send(
        JSON.stringify({
          LineName: 'Linie Süd',
          MachineName: '機械',
          SensorName: 'Öl',
          SensorValue: 2,
        }),
      );
    expect(res.body).toEqual([{ Message: 'Sensor read successfully' }, 201]);
    expect(storedPoints(t.dataDir)[0].tags).toEqual({
      line_name: 'Linie Süd',
      machine_name: '機械',
      sensor_name: 'Öl',
    });
  });

  it('should stamp a sample without TimeStamp with the time of receipt', async () => {
    const before = Date.now();
    await http()
      .post('/api/v1/ingest/sensor')
      .send({ LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 1 })
      .expect(202);
    const time = storedPoints(t.dataDir)[0].time;
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('should score an analysed sensor per machine: the same name on two machines keeps two models', async () => {
    const post = (machine: string, value: number, i: number) =>
      http()
        .post('/generic-sensor')
        .send({
          LineName: 'L',
          MachineName: machine,
          SensorName: 'Temp',
          SensorValue: value,
          TimeStamp: 1764000000000 + i,
        })
        .expect(200);
    for (let i = 0; i < 25; i++) {
      await post('A', 10 + (i % 2), i);
      await post('B', 1000 + (i % 2), i);
    }
    await post('A', 13, 100);
    await post('B', 1000.5, 100);
    const last = storedPoints(t.dataDir).slice(-2);
    expect(last[0].fields).toMatchObject({
      anomaly: { int: 1 },
      anomaly_ratio: 1,
      model_avg: 10.48,
    });
    expect(last[0].fields.z_score as number).toBeCloseTo(4.942, 3);
    expect(last[1].fields).toMatchObject({ anomaly: { int: 0 }, anomaly_ratio: 0 });
    expect(last[1].fields.model_avg as number).toBeCloseTo(1000.48, 9);
  });

  it('should score an analysed vibration sensor on its total RMS', async () => {
    await http()
      .post('/vibration-sensor')
      .send({
        LineName: 'L',
        MachineName: 'M',
        SensorName: 'SpindleVib',
        VibAccelTotRmsX: 3,
        VibAccelTotRmsY: 4,
        VibAccelTotRmsZ: 12,
        TimeStamp: 1764000000000,
      })
      .expect(200);
    const [point] = storedPoints(t.dataDir);
    expect(point.measurement).toBe('VibSensor');
    expect(point.fields).toMatchObject({
      vib_accel_rms_total: 13,
      anomaly: { int: 0 },
      model_avg: 13,
      z_score: 0,
      z_score_thresh: 2,
    });
  });
});

describe('Ingestion body limit', () => {
  it('should answer 413 with the error body above BODY_LIMIT and store nothing', async () => {
    const t = await createTestApp({ BODY_LIMIT: '1kb' });
    try {
      const res = await request(t.server() as App)
        .post('/generic-sensor')
        .send({
          LineName: 'L'.repeat(100),
          MachineName: 'M',
          SensorName: 'S',
          SensorValue: 1,
          Pad: 'x'.repeat(2000),
        });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(storedPoints(t.dataDir)).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
