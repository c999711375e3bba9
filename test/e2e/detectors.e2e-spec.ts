import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { storedPoints } from '../support/line-protocol';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const GENERIC = 'config/analytics_generic_sensors.json';
const T0 = 1764000000000;
const DEFAULTS = {
  window: 100,
  threshold: 3.5,
  ratioWindow: 25,
  rebaselineAfter: 10,
  minStd: 0.001,
};
/** A machine name with a space and a slash: both must survive the URL. */
const MACHINE = 'Press 1/A';
const PATH = `/api/v1/analytics/detectors/sensor/Line1/${encodeURIComponent(MACHINE)}/Temp`;

describe('Detectors API (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  const configFile = () => join(t.dataDir, GENERIC);
  const send = (value: number, i: number) =>
    http()
      .post('/api/v1/ingest/sensor')
      .send({
        LineName: 'Line1',
        MachineName: MACHINE,
        SensorName: 'Temp',
        SensorValue: value,
        TimeStamp: T0 + i,
      })
      .expect(202);

  beforeEach(async () => {
    t = await createTestApp(
      {},
      {
        files: {
          ...sensorFiles(['Temp', { name: 'Temp', line: 'Line2', window: 10, $comment: 'kept' }]),
        },
      },
    );
  });
  afterEach(() => t.close());

  it('should show a covered series before its first sample, and its model after', async () => {
    const before = await http().get(PATH).expect(200);
    expect(before.body).toEqual({
      line: 'Line1',
      machine: MACHINE,
      sensor: 'Temp',
      kind: 'sensor',
      params: DEFAULTS,
      state: null,
      entry: { name: 'Temp', kind: 'sensor', params: DEFAULTS },
    });
    for (let i = 0; i < 3; i++) await send(10 + i, i);
    const after = await http().get(PATH).expect(200);
    expect(after.body.state).toMatchObject({ filled: 3, mean: 11, scored: 0 });
  });

  it('should persist a change to the config file, apply it at once and keep it after a restart', async () => {
    for (let i = 0; i < 6; i++) await send(10 + (i % 2), i);
    const res = await http()
      .patch(`${PATH}/params`)
      .send({ window: 4, threshold: 4.5 })
      .expect(200);
    const params = { ...DEFAULTS, window: 4, threshold: 4.5 };
    expect(res.body).toMatchObject({
      params,
      state: { filled: 4, mean: 10.5 },
      entry: { name: 'Temp', line: 'Line1', machine: MACHINE, kind: 'sensor', params },
    });
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({
      sensors: [
        'Temp',
        { name: 'Temp', line: 'Line2', window: 10, $comment: 'kept' },
        { name: 'Temp', line: 'Line1', machine: MACHINE, ...params },
      ],
    });
    await send(10.5, 6);
    expect(storedPoints(t.dataDir).at(-1)?.fields.z_score_thresh).toBe(4.5);

    // Another machine still uses the name-only entry.
    const other = await http().get('/api/v1/analytics/detectors/sensor/Line1/Press%202/Temp');
    expect(other.body.params).toEqual(DEFAULTS);

    // The parameters come back from the file, the model from the state snapshot.
    const before = (await http().get(PATH).expect(200)).body as { state: object };
    const dataDir = t.dataDir;
    await t.app.close();
    t = await createTestApp({ DATA_DIR: dataDir });
    expect((await http().get(PATH).expect(200)).body).toMatchObject({
      params,
      state: { ...before.state, filled: 4 },
    });
  });

  it('should reset the model and keep the parameters and the file', async () => {
    for (let i = 0; i < 5; i++) await send(10 + i, i);
    const file = readFileSync(configFile(), 'utf8');
    const res = await http().post(`${PATH}/reset`).expect(200);
    expect(res.body).toMatchObject({ params: DEFAULTS, state: { filled: 0, scored: 0 } });
    await send(42, 5);
    expect((await http().get(PATH)).body.state).toMatchObject({ filled: 1, mean: 42 });
    expect(readFileSync(configFile(), 'utf8')).toBe(file);
    // The reset was snapshotted when made: an app started on the same DATA_DIR while this one
    // never got to its shutdown snapshot (as after a SIGKILL) replays only what came after it.
    const crashed = t;
    t = await createTestApp({ DATA_DIR: crashed.dataDir });
    try {
      expect((await http().get(PATH)).body.state).toMatchObject({ filled: 1, mean: 42 });
    } finally {
      await crashed.app.close();
    }
  });

  it('should answer 404 for a series no entry covers, in the shared error body', async () => {
    for (const path of [
      '/api/v1/analytics/detectors/sensor/Line1/Press%201/Pressure',
      '/api/v1/analytics/detectors/vibration/Line1/Press%201/Temp',
    ]) {
      const res = await http().get(path).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', errors: [] });
      await http().patch(`${path}/params`).send({ threshold: 3 }).expect(404);
      await http().post(`${path}/reset`).expect(404);
    }
  });

  it('should answer 400 for bad parameters or a bad kind and change nothing', async () => {
    const file = readFileSync(configFile(), 'utf8');
    const bad = await http()
      .patch(`${PATH}/params`)
      .send({ window: 1, threshold: -1, minStd: '0.1' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'minStd',
      'threshold',
      'window',
    ]);
    const none = await http().patch(`${PATH}/params`).send({ thresold: 3 }).expect(400);
    expect(none.body.message).toMatch(/at least one of window, threshold/);
    const kind = await http().get('/api/v1/analytics/detectors/gauge/Line1/M/Temp').expect(400);
    expect(kind.body.errors[0].field).toBe('kind');
    expect(readFileSync(configFile(), 'utf8')).toBe(file);
    expect((await http().get(PATH)).body.params).toEqual(DEFAULTS);
  });

  it('should answer 409 and keep the file when it was broken on disk since boot', async () => {
    writeFileSync(configFile(), '{"sensors": [');
    const res = await http().patch(`${PATH}/params`).send({ threshold: 3 }).expect(409);
    expect(res.body.message).toMatch(/not valid JSON/);
    expect(readFileSync(configFile(), 'utf8')).toBe('{"sensors": [');
    expect((await http().get(PATH)).body.params).toEqual(DEFAULTS);
  });
});

describe('Detectors API with API keys (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  beforeAll(async () => {
    t = await createTestApp(
      { API_KEYS: 'mes:mes-key,ingest:ingest-key,admin:admin-key' },
      { files: sensorFiles(['Temp']) },
    );
  });
  afterAll(() => t.close());

  it.each([
    ['PATCH', (r: ReturnType<typeof request>) => r.patch(`${PATH}/params`).send({ threshold: 4 })],
    ['POST reset', (r: ReturnType<typeof request>) => r.post(`${PATH}/reset`)],
  ])('should let only an admin key %s one detector', async (_what, call) => {
    expect((await call(http())).status).toBe(401);
    for (const key of ['mes-key', 'ingest-key']) {
      const res = await call(http()).set('X-API-Key', key);
      expect([res.status, res.body.message]).toEqual([403, expect.stringMatching(/: admin$/)]);
    }
    expect((await call(http()).set('X-API-Key', 'admin-key')).status).toBe(200);
  });

  it('should let a mes or admin key read one detector, as it reads the list', async () => {
    expect((await http().get(PATH)).status).toBe(401);
    expect((await http().get(PATH).set('X-API-Key', 'ingest-key')).status).toBe(403);
    for (const key of ['mes-key', 'admin-key']) {
      expect((await http().get(PATH).set('X-API-Key', key)).status).toBe(200);
    }
  });
});
