import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PointWriter } from '../../src/persistence/point-writer';
import { PointMapper } from '../../src/persistence/point.mapper';
import { describeWithServer } from '../support/server-binary';
import {
  T0,
  conflictingPoint,
  eventually,
  metricSum,
  sensor,
  useInfluxdSinks,
} from './influx-sink.fixtures';

/** Until the forwarder has taken everything accepted to InfluxDB. */
const forwarded = (writer: PointWriter, deadlineMs = 30_000) =>
  eventually(
    () => writer.health(),
    (h) => h.backlog === 0,
    deadlineMs,
  );

describeWithServer(
  'influxd',
  'influxdb',
  'JournaledPointWriter in front of a real InfluxDB 1.x',
  () => {
    const { server, makeWriter } = useInfluxdSinks();
    const mapper = new PointMapper();
    const writeRequests = async () => {
      const [stats] = await server.query(`SHOW STATS FOR 'httpd'`);
      return Number(stats.values[0][stats.columns.indexOf('writeReq')]);
    };

    it('should group 200 concurrent write() calls into a few journal syncs and few HTTP writes, and land every point', async () => {
      const { writer, reader, metrics } = await makeWriter();
      await writer.write(mapper.toPoints([sensor('warm-up', 0)]));
      await forwarded(writer);
      const before = await writeRequests();
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          writer.write(mapper.toPoints([sensor('burst', i, T0 + i)])),
        ),
      );
      const syncs = await metricSum(metrics.writeBatchPoints, 'iiot_write_batch_points_count', {
        writer: 'journal',
      });
      expect(syncs).toBeGreaterThanOrEqual(2);
      expect(syncs).toBeLessThanOrEqual(6);
      expect((await forwarded(writer)).backlog).toBe(0);
      expect((await writeRequests()) - before).toBeLessThanOrEqual(5);
      const counts = await reader.query(
        'SELECT COUNT(value) FROM "GenericSensor" GROUP BY sensor_name',
      );
      expect(Object.fromEntries(counts.map((s) => [s.tags?.sensor_name, s.values[0][1]]))).toEqual({
        'warm-up': 1,
        burst: 200,
      });
    });

    it('should accept while InfluxDB is down, stay ready, say where the points wait, and deliver them later', async () => {
      const { writer, reader, metrics } = await makeWriter({ timeoutMs: 1000 });
      await writer.write(mapper.toPoints([sensor('before', 1)]));
      await forwarded(writer);
      await server.stop();
      try {
        for (let i = 0; i < 50; i++) {
          await writer.write(mapper.toPoints([sensor('during', i, T0 + i)]));
        }
        const health = await eventually(
          () => writer.health(),
          (h) => h.influxdb?.ready === false,
        );
        expect(health).toMatchObject({
          ready: true,
          journal: { accepting: true, backlogPoints: 50 },
          influxdb: { ready: false, detail: expect.stringMatching(/unreachable/) },
        });
        expect(health.backlog).toBe(50);
      } finally {
        await server.start();
      }
      await forwarded(writer);
      const [series] = await reader.query(
        `SELECT COUNT(value) FROM "GenericSensor" WHERE sensor_name = 'during'`,
      );
      expect(series.values[0][1]).toBe(50);
      const retries = await metricSum(metrics.forwardRetries, 'iiot_journal_forward_retries_total');
      expect(retries).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('should dead-letter the one point InfluxDB refuses as data, with the reason, and store the rest', async () => {
      const { writer, reader, dataDir, metrics } = await makeWriter();
      await writer.write(mapper.toPoints([sensor('S', 1.5)]));
      const conflicting = conflictingPoint(T0 + 1);
      await Promise.all([
        writer.write([conflicting]),
        writer.write(mapper.toPoints([sensor('T', 3, T0 + 2), sensor('U', 4, T0 + 3)])),
      ]);
      await forwarded(writer);
      const rows = await reader.query('SELECT value FROM "GenericSensor" GROUP BY sensor_name');
      expect(
        Object.fromEntries(rows.map((s) => [s.tags?.sensor_name, s.values.map(([, v]) => v)])),
      ).toEqual({ S: [1.5], T: [3], U: [4] });
      const deadLetters = readFileSync(join(dataDir, 'dead-letter.lp'), 'utf8').trim().split('\n');
      expect(deadLetters).toEqual([
        expect.stringMatching(/^# .* refused: .*field type conflict/),
        `GenericSensor,line_name=Line1,machine_name=Press\\ 1,sensor_name=S value=2i ${T0 + 1}`,
      ]);
      expect(await metricSum(metrics.deadLetterPoints, 'iiot_dead_letter_points_total')).toBe(1);
    });

    it('should keep the points of a configuration fault and name the bucket in its health', async () => {
      const { writer } = await makeWriter({ api: 'v2', bucket: 'no_such_bucket' });
      await writer.write(mapper.toPoints([sensor('kept', 1)]));
      const health = await eventually(
        () => writer.health(),
        (h) => /bucket "no_such_bucket"/.test(h.influxdb?.detail ?? ''),
      );
      expect(health).toMatchObject({
        ready: true,
        backlog: 1,
        influxdb: { ready: false, detail: expect.stringContaining('not found') },
      });
      expect(health.detail).toContain('bucket "no_such_bucket"');
    });
  },
);
