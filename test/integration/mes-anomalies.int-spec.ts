import request from 'supertest';
import type { App } from 'supertest/types';
import { InfluxAnomalyReader } from '../../src/mes/line-status/influx-anomaly.reader';
import { InfluxQlClient, InfluxQlSeries } from '../../src/persistence/influx/influxql.client';
import { InfluxdServer } from '../support/influxd';
import { describeWithServer } from '../support/server-binary';
import { TestApp, createTestApp } from '../support/test-app';

const DB = 'mes_anomalies';
/** Recent, so the route's default range (the last 24 h) covers every point. */
const BASE = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const QUOTED_LINE = "it's a\\b";

const analytics = (anomaly: 0 | 1, z: number) =>
  `anomaly=${anomaly}i,anomaly_ratio=0.1,model_avg=10,z_score=${z},z_score_thresh=2`;
const POINTS = [
  `SingleSensorAnalytics,line_name=line1,machine_name=M1,sensor_name=temp value=50,${analytics(1, 4)} ${BASE + 1000}`,
  `SingleSensorAnalytics,line_name=line1,machine_name=M1,sensor_name=temp value=10,${analytics(0, 0.1)} ${BASE + 2000}`,
  `SingleSensorAnalytics,line_name=line1,machine_name=M2,sensor_name=pressure value=7,${analytics(1, -3.5)} ${BASE + 4000}`,
  `VibSensor,line_name=line1,machine_name=M1,sensor_name=spindle vib_accel_rms_x=1,vib_accel_rms_y=2,vib_accel_rms_z=3,vib_accel_rms_total=9.5,${analytics(1, 5)} ${BASE + 3000}`,
  `VibSensor,line_name=line1,machine_name=M1,sensor_name=spindle vib_accel_rms_x=1,vib_accel_rms_y=1,vib_accel_rms_z=1,vib_accel_rms_total=1.7,${analytics(0, 0.2)} ${BASE + 5000}`,
  // A vibration sensor without analytics has no anomaly field at all.
  `VibSensor,line_name=line1,machine_name=M3,sensor_name=fan vib_accel_rms_x=1,vib_accel_rms_y=1,vib_accel_rms_z=1,vib_accel_rms_total=1.7 ${BASE + 6000}`,
  `SingleSensorAnalytics,line_name=line2,machine_name=M1,sensor_name=temp value=70,${analytics(1, 6)} ${BASE + 3500}`,
  `VibSensor,line_name=line2,machine_name=M1,sensor_name=spindle vib_accel_rms_x=1,vib_accel_rms_y=1,vib_accel_rms_z=1,vib_accel_rms_total=20,${analytics(1, 7)} ${BASE + 4500}`,
  `SingleSensorAnalytics,line_name=it's\\ a\\b,machine_name=M1,sensor_name=temp value=33,${analytics(1, 3)} ${BASE + 1500}`,
];

/** The reader's port answered by the influxd this suite started (the harness's own client). */
class InfluxdQlClient extends InfluxQlClient {
  constructor(private readonly server: InfluxdServer) {
    super();
  }
  query(influxql: string): Promise<InfluxQlSeries[]> {
    return this.server.query(influxql, DB);
  }
}

describeWithServer('influxd', 'influxdb', 'MES anomalies read from a real InfluxDB 1.x', () => {
  const influx = new InfluxdServer();
  let reader: InfluxAnomalyReader;
  const all = { from: BASE, to: BASE + 10_000, limit: 100 };
  const rows = (line: string, q: Partial<typeof all> = {}) =>
    reader
      .find({ line, ...all, ...q })
      .then((found) => found.map((a) => [a.kind, a.machine, a.sensor, a.time - BASE]));

  beforeAll(async () => {
    await influx.start();
    await influx.query(`CREATE DATABASE ${DB}`);
    const res = await fetch(`${influx.url}/write?db=${DB}&precision=ms`, {
      method: 'POST',
      body: POINTS.join('\n'),
    });
    expect(res.status).toBe(204);
    reader = new InfluxAnomalyReader(new InfluxdQlClient(influx));
  }, 60_000);
  afterAll(() => influx.destroy());

  it('should hold the tag values the escaping tests rely on', async () => {
    const tags = await influx.rows(
      'SHOW TAG VALUES FROM "SingleSensorAnalytics" WITH KEY = "line_name"',
      DB,
    );
    expect(tags.map((t) => t.value).sort()).toEqual([QUOTED_LINE, 'line1', 'line2']);
  });

  it('should return only anomalies of the line from both measurements, newest first', async () => {
    expect(await rows('line1')).toEqual([
      ['sensor', 'M2', 'pressure', 4000],
      ['vibration', 'M1', 'spindle', 3000],
      ['sensor', 'M1', 'temp', 1000],
    ]);
    const [pressure, spindle] = await reader.find({ line: 'line1', ...all });
    expect(pressure).toEqual({
      time: BASE + 4000,
      line: 'line1',
      machine: 'M2',
      sensor: 'pressure',
      kind: 'sensor',
      value: 7,
      zScore: -3.5,
      modelAvg: 10,
      threshold: 2,
      anomalyRatio: 0.1,
    });
    expect(spindle).toMatchObject({ kind: 'vibration', value: 9.5, zScore: 5 });
  });

  it('should cut the merged list to the limit, keeping the newest', async () => {
    expect(await rows('line1', { limit: 2 })).toEqual([
      ['sensor', 'M2', 'pressure', 4000],
      ['vibration', 'M1', 'spindle', 3000],
    ]);
    expect(await rows('line2', { limit: 1 })).toEqual([['vibration', 'M1', 'spindle', 4500]]);
  });

  it('should honour the time range with both ends inclusive', async () => {
    expect(await rows('line1', { from: BASE + 1000, to: BASE + 3000 })).toEqual([
      ['vibration', 'M1', 'spindle', 3000],
      ['sensor', 'M1', 'temp', 1000],
    ]);
    expect(await rows('line1', { from: BASE + 4001, to: BASE + 9000 })).toEqual([]);
  });

  it('should match a line name with a quote and a backslash literally and let nothing inject', async () => {
    expect(await rows(QUOTED_LINE)).toEqual([['sensor', 'M1', 'temp', 1500]]);
    for (const hostile of [
      "line1' OR line_name = 'line2",
      "line1' OR '1' = '1",
      "line1\\' OR line_name = 'line2",
      "x'; DROP DATABASE mes_anomalies; SELECT * FROM \"VibSensor\" WHERE '1' = '1",
      'line1\n',
    ]) {
      expect(await rows(hostile)).toEqual([]);
    }
    expect(await rows('line1')).toHaveLength(3);
  });

  describe('through the route of an app configured with this InfluxDB', () => {
    let t: TestApp;
    const http = () => request(t.server() as App);
    beforeAll(async () => {
      t = await createTestApp({ INFLUX_URL: influx.url, INFLUX_BUCKET: DB, LOG_LEVEL: 'error' });
    }, 60_000);
    afterAll(() => t.close());

    it('should answer from InfluxDB with the default range, a limit and ISO times', async () => {
      const { body } = await http().get('/api/v1/mes/lines/line1/anomalies?limit=2').expect(200);
      expect(body).toEqual({
        lineName: 'line1',
        source: 'influxdb',
        anomalies: [
          {
            time: new Date(BASE + 4000).toISOString(),
            lineName: 'line1',
            machineName: 'M2',
            sensorName: 'pressure',
            kind: 'sensor',
            value: 7,
            zScore: -3.5,
            modelAvg: 10,
            threshold: 2,
            anomalyRatio: 0.1,
          },
          expect.objectContaining({ machineName: 'M1', sensorName: 'spindle', kind: 'vibration' }),
        ],
      });
    });

    it('should take from/to as ISO-8601 or epoch ms and keep a hostile line name inert', async () => {
      const from = new Date(BASE + 3500).toISOString();
      const range = await http()
        .get(`/api/v1/mes/lines/line2/anomalies?from=${from}&to=${BASE + 4500}`)
        .expect(200);
      expect(range.body.anomalies.map((a: { time: string }) => a.time)).toEqual([
        new Date(BASE + 4500).toISOString(),
        new Date(BASE + 3500).toISOString(),
      ]);
      const hostile = encodeURIComponent("line1' OR '1' = '1");
      await http().get(`/api/v1/mes/lines/${hostile}/anomalies`).expect(200, {
        lineName: "line1' OR '1' = '1",
        source: 'influxdb',
        anomalies: [],
      });
      const quoted = await http()
        .get(`/api/v1/mes/lines/${encodeURIComponent(QUOTED_LINE)}/anomalies`)
        .expect(200);
      expect(quoted.body.anomalies).toHaveLength(1);
    });
  });
});
