import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const ORDERS = '/api/v1/mes/production-orders';
const DEMO = { id: 1, order_no: 100, product_key: '900.000.002' };
/** These tests answer many 4xx on purpose; the request log would show each one as a warning. */
const QUIET = { LOG_LEVEL: 'error' };
const NEW_ORDER = { orderNo: '4711', productKey: '900.000.017', lineName: 'line2', quantity: 250 };

/** The shared error body with the field paths it names. */
function expectError(body: unknown, statusCode: number, fields: string[] = []): void {
  expect(body).toMatchObject({
    statusCode,
    error: expect.any(String),
    message: expect.any(String),
  });
  const errors = (body as { errors: Array<{ field: string }> }).errors;
  expect(errors.map((e) => e.field).sort()).toEqual([...fields].sort());
}

describe('MES production orders (e2e)', () => {
  let dataDir: string;
  let t: TestApp;
  const http = () => request(t.server() as App);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mes-e2e-'));
    t = await createTestApp({ ...QUIET, DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should answer the legacy route exactly as the old server with the demo order', async () => {
    const res = await http().get('/production_orders').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(DEMO);
  });

  it('should list the demo order as a full order', async () => {
    const res = await http().get(ORDERS).expect(200);
    expect(res.body).toEqual({
      orders: [
        {
          id: 1,
          orderNo: '100',
          productKey: '900.000.002',
          lineName: 'line1',
          quantity: 1,
          status: 'in_progress',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          startedAt: expect.any(String),
        },
      ],
    });
  });

  it('should walk an order through its life with the right status codes', async () => {
    const created = await http().post(ORDERS).send(NEW_ORDER).expect(201);
    expect(created.body).toMatchObject({ id: 2, ...NEW_ORDER, status: 'planned' });
    expect(created.body.createdAt).toBe(created.body.updatedAt);
    expect(created.body.startedAt).toBeUndefined();

    const dup = await http()
      .post(ORDERS)
      .send({ ...NEW_ORDER, lineName: 'line9' })
      .expect(409);
    expectError(dup.body, 409);
    expect(dup.body.message).toContain('4711');

    await http().get(`${ORDERS}/2`).expect(200, created.body);

    const released = await http().patch(`${ORDERS}/2`).send({ status: 'released' }).expect(200);
    expect(released.body.status).toBe('released');
    const again = await http().patch(`${ORDERS}/2`).send({ status: 'released' }).expect(200);
    expect(again.body).toEqual(released.body);

    const jump = await http().patch(`${ORDERS}/2`).send({ status: 'completed' }).expect(409);
    expectError(jump.body, 409);
    const unknown = await http().patch(`${ORDERS}/2`).send({ status: 'done' }).expect(400);
    expectError(unknown.body, 400, ['status']);
    expectError((await http().patch(`${ORDERS}/2`).send({}).expect(400)).body, 400, ['status']);

    const started = await http().patch(`${ORDERS}/2`).send({ status: 'in_progress' }).expect(200);
    expect(started.body.startedAt).toEqual(expect.any(String));
    // The order started last is the current one for the legacy route now.
    await http()
      .get('/production_orders')
      .expect(200, { id: 2, order_no: 4711, product_key: '900.000.017' });

    const done = await http().patch(`${ORDERS}/2`).send({ status: 'completed' }).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', startedAt: started.body.startedAt });
    expect(done.body.completedAt).toEqual(expect.any(String));
    expectError(
      (await http().patch(`${ORDERS}/2`).send({ status: 'aborted' }).expect(409)).body,
      409,
    );
    await http().get('/production_orders').expect(200, DEMO);
  });

  it('should answer 404 for an unknown id and 400 for an id that is no integer', async () => {
    expectError((await http().get(`${ORDERS}/999`).expect(404)).body, 404);
    expectError(
      (await http().patch(`${ORDERS}/999`).send({ status: 'released' }).expect(404)).body,
      404,
    );
    expectError((await http().get(`${ORDERS}/abc`).expect(400)).body, 400, ['id']);
    expectError((await http().get(`${ORDERS}/1.5`).expect(400)).body, 400, ['id']);
  });

  it('should refuse a bad body naming every field, and store nothing', async () => {
    const res = await http()
      .post(ORDERS)
      .send({ orderNo: '', productKey: 7, quantity: 0 })
      .expect(400);
    expectError(res.body, 400, ['orderNo', 'productKey', 'lineName', 'quantity']);
    const notObject = await http()
      .post(ORDERS)
      .set('Content-Type', 'application/json')
      .send('"4711"')
      .expect(400);
    expect(notObject.body).toMatchObject({ statusCode: 400, errors: expect.any(Array) });
    const list = await http().get(ORDERS).expect(200);
    expect(list.body.orders.map((o: { id: number }) => o.id)).toEqual([1, 2]);
  });

  it('should filter the list by line and status', async () => {
    await http()
      .post(ORDERS)
      .send({ ...NEW_ORDER, orderNo: 'B-1', lineName: 'line1' })
      .expect(201);
    const ids = async (query: string) =>
      (await http().get(`${ORDERS}${query}`).expect(200)).body.orders.map(
        (o: { id: number }) => o.id,
      );
    expect(await ids('?line=line1')).toEqual([1, 3]);
    expect(await ids('?status=completed')).toEqual([2]);
    expect(await ids('?line=line1&status=planned')).toEqual([3]);
    expect(await ids('?line=none')).toEqual([]);
    expectError((await http().get(`${ORDERS}?status=finished`).expect(400)).body, 400, ['status']);
  });

  it('should keep every order across a restart on the same DATA_DIR', async () => {
    const before = (await http().get(ORDERS).expect(200)).body;
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'mes', 'production_orders.json'), 'utf8'));
    expect(onDisk.orders).toHaveLength(3);
    await t.close();
    t = await createTestApp({ ...QUIET, DATA_DIR: dataDir });
    await http().get(ORDERS).expect(200, before);
    await http().get('/production_orders').expect(200, DEMO);
    expect(
      (
        await http()
          .post(ORDERS)
          .send({ ...NEW_ORDER, orderNo: 'C-1' })
          .expect(201)
      ).body.id,
    ).toBe(4);
  });
});

describe('MES legacy route without the demo order (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  beforeAll(async () => {
    t = await createTestApp({ ...QUIET, MES_DEMO_ORDER: 'false' });
  });
  afterAll(() => t.close());

  it('should answer 404 with the shared body until an order is released', async () => {
    expectError((await http().get('/production_orders').expect(404)).body, 404);
    await http().get(ORDERS).expect(200, { orders: [] });
  });

  it('should send an order number with a leading zero as a string', async () => {
    const { body } = await http()
      .post(ORDERS)
      .send({ ...NEW_ORDER, orderNo: '0042' })
      .expect(201);
    expect(body.id).toBe(1);
    await http().patch(`${ORDERS}/1`).send({ status: 'released' }).expect(200);
    await http()
      .get('/production_orders')
      .expect(200, { id: 1, order_no: '0042', product_key: '900.000.017' });
  });
});

describe('MES line status fed by the legacy ingest routes (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  const t0 = Date.now() - 60_000;
  const sensor = (value: number, i: number, machine = 'press1') => ({
    LineName: 'e2e-line',
    MachineName: machine,
    SensorName: 'temp',
    SensorValue: value,
    TimeStamp: t0 + i * 1000,
  });

  beforeAll(async () => {
    t = await createTestApp(
      { ...QUIET, ANOMALY_WINDOW: '5', ANOMALY_THRESHOLD: '3' },
      { files: sensorFiles(['temp']) },
    );
    const values = [10, 11, 10, 11, 10, 10.5, 100];
    for (const [i, v] of values.entries())
      await http().post('/generic-sensor').send(sensor(v, i)).expect(200);
    await http()
      .post('/generic-sensor')
      .send(sensor(5, 0, 'robot1'))
      .expect(200);
    await http()
      .post('/generic-state')
      .send({
        LineName: 'e2e-line',
        MachineName: 'press1',
        StateName: 'run',
        StateValue: 1,
        TimeStamp: t0,
      })
      .expect(200);
  });
  afterAll(() => t.close());

  it('should list the line with its machines', async () => {
    const { body } = await http().get('/api/v1/mes/lines').expect(200);
    expect(body).toEqual({
      lines: [{ lineName: 'e2e-line', machines: 2, lastSeen: expect.any(String) }],
    });
    expect(Number.isNaN(Date.parse(body.lines[0].lastSeen))).toBe(false);
  });

  it('should show the latest values and analytics per machine', async () => {
    const { body } = await http().get('/api/v1/mes/lines/e2e-line/status').expect(200);
    expect(body.lineName).toBe('e2e-line');
    expect(body.machines.map((m: { machineName: string }) => m.machineName)).toEqual([
      'press1',
      'robot1',
    ]);
    const press = body.machines[0];
    expect(press).toMatchObject({
      stale: false,
      lastSampleTime: new Date(t0 + 6000).toISOString(),
    });
    expect(press.states).toEqual([{ name: 'run', value: 1, time: new Date(t0).toISOString() }]);
    expect(press.sensors).toEqual([
      expect.objectContaining({
        name: 'temp',
        value: 100,
        time: new Date(t0 + 6000).toISOString(),
        anomaly: true,
        threshold: 3,
      }),
    ]);
    expect(press.vibrations).toEqual([]);
  });

  it('should answer 404 for a line nothing came for', async () => {
    expectError((await http().get('/api/v1/mes/lines/other/status').expect(404)).body, 404);
  });

  it('should list the anomaly from memory in embedded mode', async () => {
    const { body } = await http().get('/api/v1/mes/lines/e2e-line/anomalies').expect(200);
    expect(body).toEqual({
      lineName: 'e2e-line',
      source: 'memory',
      anomalies: [
        expect.objectContaining({
          time: new Date(t0 + 6000).toISOString(),
          lineName: 'e2e-line',
          machineName: 'press1',
          sensorName: 'temp',
          kind: 'sensor',
          value: 100,
          threshold: 3,
        }),
      ],
    });
    const before = await http()
      .get(`/api/v1/mes/lines/e2e-line/anomalies?to=${t0 + 5000}`)
      .expect(200);
    expect(before.body.anomalies).toEqual([]);
  });

  it('should refuse bad from, to and limit naming them', async () => {
    const res = await http()
      .get('/api/v1/mes/lines/e2e-line/anomalies?from=soon&to=2025-02-30&limit=0')
      .expect(400);
    expectError(res.body, 400, ['from', 'to', 'limit']);
    const reversed = await http()
      .get('/api/v1/mes/lines/e2e-line/anomalies?from=2000&to=1000')
      .expect(400);
    expectError(reversed.body, 400, ['from']);
  });

  it('should document every MES operation with its operationId', async () => {
    const { body } = await http().get('/docs-json').expect(200);
    const ids = Object.values(
      body.paths as Record<string, Record<string, { operationId: string; tags: string[] }>>,
    )
      .flatMap((item) => Object.values(item))
      .filter((op) => op.tags?.includes('mes'))
      .map((op) => op.operationId)
      .sort();
    expect(ids).toEqual([
      'createProductionOrder',
      'getCurrentProductionOrderLegacy',
      'getLineStatus',
      'getProductionOrder',
      'listLineAnomalies',
      'listLines',
      'listProductionOrders',
      'updateProductionOrderStatus',
    ]);
    const patch = body.paths['/api/v1/mes/production-orders/{id}'].patch;
    expect(Object.keys(patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '409']),
    );
    expect(patch.responses['409'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
  });
});
