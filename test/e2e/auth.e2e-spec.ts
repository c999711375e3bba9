import { createHash } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { storedPoints } from '../support/line-protocol';
import { TestApp, createTestApp } from '../support/test-app';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const KEYS = {
  ingest: 'ingest-key-0123',
  mes: 'mes-key-4567',
  admin: 'admin-key-89ab',
  fileIngest: 'line2:plc:key', // colons inside a key: split at the first one only
  both: 'ingest-and-mes-key',
};
/** Keys as an operator writes them: plain, hashed, in API_KEYS and in API_KEYS_FILE. */
const ENV = {
  LOG_LEVEL: 'error',
  API_KEYS: `ingest:${KEYS.ingest}, mes:${KEYS.mes},admin:sha256:${sha256(KEYS.admin)}`,
  API_KEYS_FILE: 'config/api_keys',
};
const KEY_FILE = {
  'config/api_keys': `# one entry per line\ningest:${KEYS.fileIngest}\n\ningest:${KEYS.both}\nmes:${KEYS.both}\n`,
};

const sensor = { LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 1 };
let orderNo = 1000;
type Role = 'ingest' | 'mes';
/** [route, who may call it, how to call it] */
const ROUTES: Array<[string, Role[], (r: ReturnType<typeof request>) => request.Test]> = [
  ['POST /generic-sensor', ['ingest'], (r) => r.post('/generic-sensor').send(sensor)],
  [
    'POST /generic-state',
    ['ingest'],
    (r) => r.post('/generic-state').send({ ...sensor, StateName: 'Run', StateValue: 1 }),
  ],
  ['POST /api/v1/ingest/sensor', ['ingest'], (r) => r.post('/api/v1/ingest/sensor').send(sensor)],
  ['GET /production_orders', ['ingest', 'mes'], (r) => r.get('/production_orders')],
  ['GET /api/v1/mes/production-orders', ['mes'], (r) => r.get('/api/v1/mes/production-orders')],
  [
    'POST /api/v1/mes/production-orders',
    ['mes'],
    (r) =>
      r.post('/api/v1/mes/production-orders').send({
        orderNo: String(orderNo++),
        productKey: 'P',
        lineName: 'line1',
        quantity: 1,
      }),
  ],
  [
    'PATCH /api/v1/mes/production-orders/1',
    ['mes'],
    (r) => r.patch('/api/v1/mes/production-orders/1').send({ status: 'in_progress' }),
  ],
  ['GET /api/v1/mes/lines', ['mes'], (r) => r.get('/api/v1/mes/lines')],
  ['GET /api/v1/analytics/detectors', ['mes'], (r) => r.get('/api/v1/analytics/detectors')],
];
const PUBLIC = ['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json', '/docs-yaml'];

/** [who, headers, roles] */
const CALLERS: Array<[string, Record<string, string>, Role[] | 'admin']> = [
  ['ingest key in X-API-Key', { 'X-API-Key': KEYS.ingest }, ['ingest']],
  ['ingest key as Bearer', { Authorization: `Bearer ${KEYS.ingest}` }, ['ingest']],
  ['ingest key from API_KEYS_FILE', { 'X-API-Key': KEYS.fileIngest }, ['ingest']],
  ['mes key as bearer (any case)', { Authorization: `bearer ${KEYS.mes}` }, ['mes']],
  ['key with two roles', { 'X-API-Key': KEYS.both }, ['ingest', 'mes']],
  ['admin key (configured by hash)', { 'X-API-Key': KEYS.admin }, 'admin'],
];

function expectErrorBody(body: unknown, statusCode: number): void {
  expect(body).toEqual({
    statusCode,
    error: statusCode === 401 ? 'Unauthorized' : 'Forbidden',
    message: expect.any(String),
    errors: [],
  });
}

describe('Auth with keys configured', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  beforeAll(async () => {
    t = await createTestApp(ENV, { files: KEY_FILE });
  });
  afterAll(() => t.close());

  describe.each(ROUTES)('%s (roles: %s)', (_route, roles, call) => {
    it('should answer 401 without a key, with the error body and WWW-Authenticate', async () => {
      const res = await call(http());
      expect(res.status).toBe(401);
      expectErrorBody(res.body, 401);
      expect(res.body.message).toMatch(/X-API-Key/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it.each([
      ['an unknown key', { 'X-API-Key': 'not-a-key' }],
      ['an unknown bearer token', { Authorization: 'Bearer not-a-key' }],
      ['the hash of a key instead of the key', { 'X-API-Key': sha256(KEYS.admin) }],
      ['a key with a different case', { 'X-API-Key': KEYS.ingest.toUpperCase() }],
      ['Basic auth instead of a key', { Authorization: `Basic ${btoa(`u:${KEYS.admin}`)}` }],
    ])('should answer 401 to %s', async (_what, headers) => {
      const res = await call(http()).set(headers);
      expect(res.status).toBe(401);
      expectErrorBody(res.body, 401);
      expect(res.body.message).toBe('API key not recognised');
    });

    it.each(CALLERS)(
      'should let the route decide for the %s (2xx or 403)',
      async (_who, headers, callerRoles) => {
        const allowed = callerRoles === 'admin' || callerRoles.some((r) => roles.includes(r));
        const res = await call(http()).set(headers);
        if (allowed) {
          expect(res.status).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(300);
        } else {
          expect(res.status).toBe(403);
          expectErrorBody(res.body, 403);
          expect(res.body.message).toContain(`${roles.join(' or ')} or admin`);
        }
      },
    );
  });

  it.each(PUBLIC)('should serve %s without a key', async (path) => {
    const res = await http().get(path);
    expect(res.status).toBe(200);
  });

  it('should check the key before the body: 401, not 400, and nothing stored', async () => {
    const before = storedPoints(t.dataDir).length;
    const bad = await http().post('/generic-sensor').send({ SensorValue: 'x' });
    expect(bad.status).toBe(401);
    const good = await http().post('/api/v1/ingest/sensor').send(sensor);
    expect(good.status).toBe(401);
    expect(storedPoints(t.dataDir)).toHaveLength(before);
  });

  it('should prefer X-API-Key when both headers are sent, and fall back when it is empty', async () => {
    const both = { 'X-API-Key': KEYS.mes, Authorization: `Bearer ${KEYS.ingest}` };
    expect((await http().post('/generic-sensor').set(both).send(sensor)).status).toBe(403);
    const empty = { 'X-API-Key': '', Authorization: `Bearer ${KEYS.ingest}` };
    expect((await http().post('/generic-sensor').set(empty).send(sensor)).status).toBe(200);
  });

  it('should answer an unknown route 404 whatever the key (no route, no guard)', async () => {
    const res = await http().get('/no-such-route');
    expect(res.status).toBe(404);
  });
});

describe('Auth: METRICS_REQUIRE_KEY=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...ENV, METRICS_REQUIRE_KEY: 'true' }, { files: KEY_FILE });
  });
  afterAll(() => t.close());

  it.each([
    ['no key', {}, 401],
    ['an ingest key', { 'X-API-Key': KEYS.ingest }, 403],
    ['a mes key', { 'X-API-Key': KEYS.mes }, 200],
    ['an admin key', { Authorization: `Bearer ${KEYS.admin}` }, 200],
  ])('should answer /metrics with %s: %d', async (_who, headers, status) => {
    const res = await request(t.server() as App)
      .get('/metrics')
      .set(headers);
    expect(res.status).toBe(status);
  });

  it('should keep /health open', async () => {
    await request(t.server() as App)
      .get('/health/live')
      .expect(200);
  });
});

describe('Auth open', () => {
  it.each([
    ['with no keys configured (development)', {}],
    ['with keys and AUTH_DISABLED=true', { ...ENV, AUTH_DISABLED: 'true' }],
  ])('should serve every route without a key %s', async (_when, env) => {
    const t = await createTestApp(env, { files: KEY_FILE });
    try {
      for (const [, , call] of ROUTES) {
        const res = await call(request(t.server() as App));
        expect(res.status).toBeLessThan(300);
      }
    } finally {
      await t.close();
    }
  });
});
