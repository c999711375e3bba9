import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Point } from '@influxdata/influxdb-client';
import type { ScoredSample } from '../../src/common/domain/sample';
import { InfluxConfig, buildAppConfig } from '../../src/config/app.config';
import { MetricsService } from '../../src/health/metrics.service';
import { HttpInfluxQlClient } from '../../src/persistence/influx/http-influxql.client';
import { InfluxConnection } from '../../src/persistence/influx/influx-connection';
import { InfluxSink } from '../../src/persistence/influx/influx-sink';
import { JournaledPointWriter } from '../../src/persistence/journal/journaled-point.writer';
import { toLineProtocol } from '../../src/persistence/line-protocol';
import { InfluxdServer } from '../support/influxd';

/** Shared setup of the InfluxSink and JournaledPointWriter suites against a real influxd. */
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

/** A writer's InfluxDB settings as the config module builds them, pointed at `url`. */
export function influxConfig(url: string, overrides: Partial<InfluxConfig> = {}): InfluxConfig {
  return { ...buildAppConfig({ INFLUX_URL: url }).influx!, timeoutMs: 2000, ...overrides };
}

/** A GenericSensor point whose `value` is an integer: InfluxDB refuses it where floats were stored. */
export function conflictingPoint(time: number): Point {
  return new Point('GenericSensor')
    .tag('line_name', 'Line1')
    .tag('machine_name', 'Press 1')
    .tag('sensor_name', 'S')
    .intField('value', 2)
    .timestamp(time);
}

/**
 * Registers hooks that start one influxd for the suite and shut every sink and writer down after
 * each test; `make` builds a sink on a database of its own, so tests cannot see each other's data,
 * and `makeWriter` the journal in front of such a sink, in a temp DATA_DIR of its own.
 */
export function useInfluxdSinks() {
  const server = new InfluxdServer();
  const cleanups: Array<() => Promise<void> | void> = [];
  let databases = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await server.start();
  }, 60_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => server.destroy(), 30_000);

  const config = (overrides: Partial<InfluxConfig>): InfluxConfig =>
    influxConfig(server.url, { bucket: `writer_it_${++databases}`, ...overrides });

  const make = (overrides: Partial<InfluxConfig> = {}) => {
    const connection = new InfluxConnection(config(overrides));
    const metrics = new MetricsService();
    const sink = new InfluxSink(connection, metrics);
    cleanups.push(() => sink.stop());
    const db = connection.config.bucket.split('/')[0];
    const write = (points: Point[]) => sink.write(toLineProtocol(points));
    return { sink, write, metrics, db, reader: new HttpInfluxQlClient(connection) };
  };

  const makeWriter = async (overrides: Partial<InfluxConfig> = {}, maxBytes = 1024 ** 3) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'journaled-writer-'));
    const connection = new InfluxConnection(config(overrides));
    const metrics = new MetricsService();
    const writer = await JournaledPointWriter.open(connection, metrics, {
      dataDir,
      maxBytes,
      shutdownForwardMs: 0,
    });
    writer.onModuleInit();
    cleanups.push(async () => {
      await writer.onApplicationShutdown();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const db = connection.config.bucket.split('/')[0];
    return { writer, metrics, db, dataDir, reader: new HttpInfluxQlClient(connection) };
  };

  const nextDatabase = () => `writer_it_${++databases}`;

  return { server, make, makeWriter, nextDatabase };
}
