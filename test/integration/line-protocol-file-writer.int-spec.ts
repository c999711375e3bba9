import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { ScoredSample } from '../../src/common/domain/sample';
import { MetricsService } from '../../src/health/metrics.service';
import {
  IMPORT_DATABASE,
  LineProtocolFileWriter,
  fileName,
} from '../../src/persistence/line-protocol-file/line-protocol-file.writer';
import { PointMapper } from '../../src/persistence/point.mapper';
import { InfluxdServer } from '../support/influxd';
import { describeWithServer } from '../support/server-binary';

const T0 = 1764000000000;

describeWithServer(
  'influxd',
  'influxdb',
  'LineProtocolFileWriter files imported into a real InfluxDB 1.x',
  () => {
    const server = new InfluxdServer();
    let root: string;

    beforeAll(async () => {
      Logger.overrideLogger(false);
      root = mkdtempSync(join(tmpdir(), 'lp-import-'));
      await server.start();
    }, 60_000);
    afterAll(async () => {
      await server.destroy();
      rmSync(root, { recursive: true, force: true });
    }, 30_000);

    it('should produce a file InfluxDB accepts as is, with the schema and field types intact', async () => {
      const clock = new Date(T0);
      const writer = new LineProtocolFileWriter(
        join(root, 'data'),
        new MetricsService(),
        () => clock,
      );
      const mapper = new PointMapper();
      const samples: ScoredSample[] = [
        { kind: 'state', line: 'Line1', machine: 'Press 1', name: 'Running', value: 1, time: T0 },
        {
          kind: 'sensor',
          line: 'Line1',
          machine: 'Press 1',
          name: 'Oil,Temp',
          value: 42,
          time: T0,
        },
        {
          kind: 'sensor',
          line: 'Line 1,Hall=A',
          machine: 'Presse Ü 1 ',
          name: 'Temp',
          value: 13,
          time: T0 + 1,
          analytics: {
            anomaly: true,
            anomalyRatio: 1,
            modelAvg: 10.48,
            modelStd: 0.51,
            zScore: 4.94,
            threshold: 2,
          },
        },
      ];
      await Promise.all(samples.map((s) => writer.write(mapper.toPoints([s]))));
      await writer.drain();

      // The same parser `influx write` and `influx -import` feed: the file's header lines are comments.
      const body = readFileSync(join(root, 'data', fileName(clock)), 'utf8');
      await server.query(`CREATE DATABASE "${IMPORT_DATABASE}"`);
      const res = await fetch(`${server.url}/write?db=${IMPORT_DATABASE}&precision=ms`, {
        method: 'POST',
        body,
      });
      expect(res.status).toBe(204);

      const types = await server.query('SHOW FIELD KEYS', IMPORT_DATABASE);
      expect(Object.fromEntries(types.map((s) => [s.name, Object.fromEntries(s.values)]))).toEqual({
        GenericState: { value: 'integer' },
        GenericSensor: { value: 'float' },
        SingleSensorAnalytics: {
          value: 'float',
          anomaly: 'integer',
          anomaly_ratio: 'float',
          model_avg: 'float',
          model_std: 'float',
          z_score: 'float',
          z_score_thresh: 'float',
        },
      });
      expect(await server.rows('SELECT * FROM "SingleSensorAnalytics"', IMPORT_DATABASE)).toEqual([
        {
          time: T0 + 1,
          line_name: 'Line 1,Hall=A',
          machine_name: 'Presse Ü 1 ',
          sensor_name: 'Temp',
          value: 13,
          anomaly: 1,
          anomaly_ratio: 1,
          model_avg: 10.48,
          model_std: 0.51,
          z_score: 4.94,
          z_score_thresh: 2,
        },
      ]);
      expect(await server.rows('SELECT value FROM "GenericSensor"', IMPORT_DATABASE)).toEqual([
        { time: T0, value: 42 },
      ]);
    });
  },
);
