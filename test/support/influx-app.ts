import request from 'supertest';
import type { App } from 'supertest/types';
import { InfluxdServer } from './influxd';
import { TestApp, TestAppOptions, createTestApp } from './test-app';

/**
 * Inside a describe: a real influxd and the app writing to it (database `db`), started before the
 * suite's tests and stopped after them.
 */
export function serviceWithInflux(
  db: string,
  env: Record<string, string>,
  options: TestAppOptions,
): { influx: InfluxdServer; app: () => TestApp; http: () => ReturnType<typeof request> } {
  const influx = new InfluxdServer();
  let t: TestApp;
  beforeAll(async () => {
    await influx.start();
    t = await createTestApp({ INFLUX_URL: influx.url, INFLUX_BUCKET: db, ...env }, options);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await influx.destroy();
  });
  return { influx, app: () => t, http: () => request(t.server() as App) };
}
