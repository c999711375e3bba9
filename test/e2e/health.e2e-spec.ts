import request from 'supertest';
import type { App } from 'supertest/types';
import { TestApp, createTestApp } from '../support/test-app';

describe('Health and metrics (embedded store)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should be live', async () => {
    await http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('should be ready on the embedded store and say which store it is', async () => {
    const res = await http().get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ready',
      storage: { kind: 'line-protocol-file', ready: true },
    });
  });

  it('should count accepted samples in Prometheus format', async () => {
    await http()
      .post('/generic-sensor')
      .send({ LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 1 })
      .expect(200);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/iiot_samples_accepted_total\{kind="sensor"\} 1/);
  });

  it('should answer an unknown route with the shared error body', async () => {
    const res = await http().get('/no-such-route').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', errors: [] });
  });
});

describe('Metrics switched off', () => {
  it('should answer 404 at /metrics with METRICS_ENABLED=false', async () => {
    const t = await createTestApp({ METRICS_ENABLED: 'false' });
    try {
      await request(t.server() as App)
        .get('/metrics')
        .expect(404);
    } finally {
      await t.close();
    }
  });
});
