import { Logger } from '@nestjs/common';
import type { ScoredSample } from '../../src/common/domain/sample';
import type { InfluxConfig } from '../../src/config/app.config';
import { MetricsService } from '../../src/health/metrics.service';
import { HttpInfluxQlClient } from '../../src/persistence/influx/http-influxql.client';
import { InfluxConnection } from '../../src/persistence/influx/influx-connection';
import { InfluxPointWriter } from '../../src/persistence/influx/influx-point.writer';
import { InfluxdServer } from '../support/influxd';

/** Shared setup of the InfluxPointWriter suites against a real influxd (not a spec itself). */
export const T0 = 1764000000000;

export const analytics = {
  anomaly: true,
  anomalyRatio: 1,
  modelAvg: 10.48,
  modelStd: 0.5099019513592784,
  zScore: 4.942126605482238,
  threshold: 2,
};

export function sensor(name: string, value: number, time = T0, machine = 'Press 1'): ScoredSample {
  return { kind: 'sensor', line: 'Line1', machine, name, value, time };
}

interface MetricValues {
  get(): Promise<{ values: Array<{ metricName?: string; value: number; labels: object }> }>;
}

/** Sum of a prom-client metric's samples named `name` whose labels include `labels`. */
export async function metricSum(metric: MetricValues, name: string, labels: object = {}) {
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  return values
    .filter((v) => (v.metricName ?? name) === name)
    .filter((v) => wanted.every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Polls until `ok` holds or the deadline passes; returns the last value either way. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  ok: (value: T) => boolean,
  deadlineMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

/**
 * Registers hooks that start one influxd for the suite and shut every writer down after each
 * test; `make` builds a writer on a database of its own, so tests cannot see each other's data.
 */
export function useInfluxdWriters() {
  const server = new InfluxdServer();
  const writers: InfluxPointWriter[] = [];
  let databases = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await server.start();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(writers.splice(0).map((w) => w.onApplicationShutdown()));
  });
  afterAll(() => server.destroy(), 30_000);

  const make = (overrides: Partial<InfluxConfig> = {}) => {
    const config: InfluxConfig = {
      url: server.url,
      api: 'auto',
      bucket: `writer_it_${++databases}`,
      org: '',
      token: '',
      username: '',
      password: '',
      batchSize: 5000,
      flushIntervalMs: 1000,
      jitterIntervalMs: 0,
      timeoutMs: 2000,
      unavailableWaitMs: 1500,
      gzip: false,
      ...overrides,
    };
    const connection = new InfluxConnection(config);
    const metrics = new MetricsService();
    const writer = new InfluxPointWriter(connection, metrics);
    writers.push(writer);
    const db = config.bucket.split('/')[0];
    return { writer, metrics, db, reader: new HttpInfluxQlClient(connection) };
  };
  const nextDatabase = () => `writer_it_${++databases}`;

  return { server, make, nextDatabase };
}
