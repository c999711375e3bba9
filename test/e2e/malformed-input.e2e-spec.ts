import request from 'supertest';
import type { App } from 'supertest/types';
import { storedPoints } from '../support/line-protocol';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const sensor = {
  LineName: 'L',
  MachineName: 'M',
  SensorName: 'Temp',
  SensorValue: 1.5,
  TimeStamp: 1764000000000,
};
const state = {
  LineName: 'L',
  MachineName: 'M',
  StateName: 'Run',
  StateValue: 1,
  TimeStamp: 1764000000000,
};
const vib = {
  LineName: 'L',
  MachineName: 'M',
  SensorName: 'V',
  VibAccelTotRmsX: 1,
  VibAccelTotRmsY: 1,
  VibAccelTotRmsZ: 1,
};
const without = <T extends object>(o: T, key: keyof T) => {
  const copy: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  delete copy[key as string];
  return copy;
};

/** [kind, route, body (object, or raw text sent as-is), fields the 400 must name] */
const CASES: Array<[string, string, unknown, string[]]> = [
  ['value as a string', '/generic-sensor', { ...sensor, SensorValue: 'abc' }, ['SensorValue']],
  [
    'value as a numeric string',
    '/generic-sensor',
    { ...sensor, SensorValue: '1.5' },
    ['SensorValue'],
  ],
  ['value missing', '/generic-sensor', without(sensor, 'SensorValue'), ['SensorValue']],
  ['value null', '/generic-sensor', { ...sensor, SensorValue: null }, ['SensorValue']],
  ['value boolean', '/generic-sensor', { ...sensor, SensorValue: true }, ['SensorValue']],
  ['value an array', '/generic-sensor', { ...sensor, SensorValue: [1] }, ['SensorValue']],
  ['value an object', '/generic-sensor', { ...sensor, SensorValue: { v: 1 } }, ['SensorValue']],
  [
    'value 1e309 (Infinity)',
    '/generic-sensor',
    '{"LineName":"L","MachineName":"M","SensorName":"S","SensorValue":1e309}',
    ['SensorValue'],
  ],
  ['line name missing', '/generic-sensor', without(sensor, 'LineName'), ['LineName']],
  ['line name empty', '/generic-sensor', { ...sensor, LineName: '' }, ['LineName']],
  ['machine name a number', '/generic-sensor', { ...sensor, MachineName: 7 }, ['MachineName']],
  [
    'sensor name 129 characters',
    '/generic-sensor',
    { ...sensor, SensorName: 'x'.repeat(129) },
    ['SensorName'],
  ],
  [
    'sensor name with a newline',
    '/generic-sensor',
    { ...sensor, SensorName: 'a\nb' },
    ['SensorName'],
  ],
  [
    'sensor name with a NUL',
    '/generic-sensor',
    { ...sensor, SensorName: 'a\u0000b' },
    ['SensorName'],
  ],
  [
    'sensor name ending in a backslash',
    '/generic-sensor',
    { ...sensor, SensorName: 'Temp\\' },
    ['SensorName'],
  ],
  ['timestamp text', '/generic-sensor', { ...sensor, TimeStamp: 'yesterday' }, ['TimeStamp']],
  [
    'timestamp before 2000',
    '/generic-sensor',
    { ...sensor, TimeStamp: 915148800000 },
    ['TimeStamp'],
  ],
  [
    'timestamp two hours ahead',
    '/generic-sensor',
    { ...sensor, TimeStamp: Date.now() + 7_200_000 },
    ['TimeStamp'],
  ],
  [
    'timestamp in seconds (before 2000 as ms)',
    '/generic-sensor',
    { ...sensor, TimeStamp: 1764000000 },
    ['TimeStamp'],
  ],
  [
    'timestamp impossible date',
    '/generic-sensor',
    { ...sensor, TimeStamp: '2025-02-30T10:00:00Z' },
    ['TimeStamp'],
  ],
  ['timestamp boolean', '/generic-sensor', { ...sensor, TimeStamp: true }, ['TimeStamp']],
  [
    'several fields wrong at once',
    '/generic-sensor',
    { LineName: '', SensorValue: 'x' },
    ['LineName', 'MachineName', 'SensorName', 'SensorValue'],
  ],
  ['state value a float', '/generic-state', { ...state, StateValue: 1.5 }, ['StateValue']],
  ['state value a string', '/generic-state', { ...state, StateValue: 'on' }, ['StateValue']],
  ['state name missing', '/generic-state', without(state, 'StateName'), ['StateName']],
  [
    'state value missing (v1 route)',
    '/api/v1/ingest/state',
    without(state, 'StateValue'),
    ['StateValue'],
  ],
  [
    'vibration axis missing',
    '/vibration-sensor',
    without(vib, 'VibAccelTotRmsZ'),
    ['VibAccelTotRmsZ'],
  ],
  [
    'vibration axis a string',
    '/api/v1/ingest/vibration',
    { ...vib, VibAccelTotRmsX: '0.3' },
    ['VibAccelTotRmsX'],
  ],
  [
    'sensor value NaN as text (v1 route)',
    '/api/v1/ingest/sensor',
    '{"LineName":"L","MachineName":"M","SensorName":"S","SensorValue":NaN}',
    [],
  ],
  ['not JSON', '/generic-sensor', 'LineName=L&SensorValue=1', []],
  ['truncated JSON', '/generic-sensor', '{"LineName":"L","MachineName":', []],
  ['empty body', '/generic-sensor', '', []],
  ['a JSON array', '/generic-sensor', [sensor], []],
  ['a JSON number', '/generic-state', '42', []],
  ['JSON null', '/generic-state', 'null', []],
];

describe('Malformed input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { files: sensorFiles(['Temp']) });
  });
  afterAll(() => t.close());

  it(`should cover at least 30 kinds of malformed request`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)(
    'should answer 400 to %s, naming the fields, storing nothing',
    async (_kind, route, body, fields) => {
      const req = request(t.server() as App)
        .post(route)
        .set('Content-Type', 'application/json');
      const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(typeof res.body.message).toBe('string');
      expect(Array.isArray(res.body.errors)).toBe(true);
      const named = (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
      expect(named).toEqual([...fields].sort());
      expect(storedPoints(t.dataDir)).toHaveLength(0);
    },
  );

  it('should still be healthy and storing after all of them', async () => {
    await request(t.server() as App)
      .get('/health/live')
      .expect(200);
    await request(t.server() as App)
      .post('/generic-sensor')
      .send(sensor)
      .expect(200);
    expect(storedPoints(t.dataDir)).toHaveLength(1);
  });
});
