import { Point } from '@influxdata/influxdb-client';
import {
  StorageRejectedError,
  StorageUnavailableError,
} from '../../src/common/errors/domain-errors';
import { PointMapper } from '../../src/persistence/point.mapper';
import { InfluxdServer } from '../support/influxd';
import { describeWithServer } from '../support/server-binary';
import { T0, eventually, metricSum, sensor, useInfluxdWriters } from './influx-writer.fixtures';

describeWithServer(
  'influxd',
  'influxdb',
  'InfluxPointWriter failures against a real InfluxDB 1.x',
  () => {
    const { server, make } = useInfluxdWriters();
    const mapper = new PointMapper();

    it('should reject with StorageUnavailableError after about unavailableWaitMs while influxd is down, and recover', async () => {
      const { writer, reader, metrics } = make({ unavailableWaitMs: 1500, timeoutMs: 1000 });
      await writer.write(mapper.toPoints([sensor('before', 1)]));
      await server.stop();
      try {
        const started = performance.now();
        const outcomes = await Promise.allSettled(
          [1, 2, 3].map((i) => writer.write(mapper.toPoints([sensor('during', i, T0 + i)]))),
        );
        const elapsed = performance.now() - started;
        for (const outcome of outcomes) {
          expect(outcome.status).toBe('rejected');
          const error = (outcome as PromiseRejectedResult).reason as StorageUnavailableError;
          expect(error).toBeInstanceOf(StorageUnavailableError);
          expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        }
        expect(elapsed).toBeGreaterThanOrEqual(1400);
        expect(elapsed).toBeLessThan(1500 + 1000 + 2000);
        expect(writer.health()).toMatchObject({
          ready: false,
          detail: expect.stringMatching(/unreachable/),
          backlog: 0,
        });
        expect(
          await metricSum(metrics.writesFailed, 'iiot_writes_failed_total', {
            reason: 'unreachable',
          }),
        ).toBeGreaterThanOrEqual(2);
      } finally {
        await server.start();
      }
      await writer.write(mapper.toPoints([sensor('after', 2, T0 + 10)]));
      expect(writer.health().ready).toBe(true);
      const stored = await reader.query(
        'SELECT COUNT(value) FROM "GenericSensor" GROUP BY sensor_name',
      );
      const bySensor = Object.fromEntries(stored.map((s) => [s.tags?.sensor_name, s.values[0][1]]));
      expect(bySensor).toMatchObject({ before: 1, after: 1 });
    }, 30_000);

    it('should refuse a field type conflict with StorageRejectedError without failing requests batched with it', async () => {
      const { writer, reader, metrics } = make();
      await writer.write(mapper.toPoints([sensor('S', 1.5)]));
      const conflicting = new Point('GenericSensor')
        .tag('line_name', 'Line1')
        .tag('machine_name', 'Press 1')
        .tag('sensor_name', 'S')
        .intField('value', 2)
        .timestamp(T0 + 1);
      const [bad, good] = await Promise.allSettled([
        writer.write([conflicting]),
        writer.write(mapper.toPoints([sensor('T', 3, T0 + 2)])),
      ]);
      expect(bad.status).toBe('rejected');
      const error = (bad as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(StorageRejectedError);
      expect(error.message).toMatch(/field type conflict/);
      expect(good.status).toBe('fulfilled');
      expect(writer.health().ready).toBe(true);
      // Both went out in one batch (refused), then each alone: only the conflicting one was refused.
      const refusals = { reason: 'rejected' };
      expect(await metricSum(metrics.writesFailed, 'iiot_writes_failed_total', refusals)).toBe(2);
      const rows = await reader.query('SELECT value FROM "GenericSensor" GROUP BY sensor_name');
      expect(
        Object.fromEntries(rows.map((s) => [s.tags?.sensor_name, s.values.map(([, v]) => v)])),
      ).toEqual({ S: [1.5], T: [3] });
    });

    it('should start while InfluxDB is down and detect it once it answers', async () => {
      const late = new InfluxdServer();
      await late.start();
      await late.stop();
      try {
        const { writer } = make({ url: late.url });
        writer.onModuleInit();
        const down = await eventually(
          () => writer.health(),
          (h) => /unreachable/.test(h.detail),
        );
        expect(down).toMatchObject({ ready: false, backlog: 0 });
        expect(down.api).toBeUndefined();
        await late.start();
        const up = await eventually(
          () => writer.health(),
          (h) => h.ready,
        );
        expect(up).toMatchObject({ ready: true, api: 'v1' });
        await writer.write(mapper.toPoints([sensor('late', 1)]));
      } finally {
        await late.destroy();
      }
    }, 40_000);

    it('should create the database again when it disappears while running', async () => {
      const { writer, db, reader } = make();
      await writer.write(mapper.toPoints([sensor('A', 1)]));
      await server.query(`DROP DATABASE "${db}"`);
      await writer.write(mapper.toPoints([sensor('B', 2)]));
      const [series] = await reader.query('SELECT value, sensor_name FROM "GenericSensor"');
      expect(series.values.map(([, v, s]) => [v, s])).toEqual([[2, 'B']]);
    });

    it('should answer at once with StorageUnavailableError naming the bucket when the v2 endpoint answers 404', async () => {
      const { writer } = make({ api: 'v2', bucket: 'plant' });
      await expect(writer.write(mapper.toPoints([sensor('x', 1)]))).rejects.toThrow(
        StorageUnavailableError,
      );
      expect(writer.health()).toMatchObject({
        ready: false,
        api: 'v2',
        detail: expect.stringContaining('bucket "plant"'),
      });
    });
  },
);
