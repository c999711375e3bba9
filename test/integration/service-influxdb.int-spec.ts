import type { App } from 'supertest/types';
import { untilForwarded } from '../support/forwarded';
import { serviceWithInflux } from '../support/influx-app';
import { describeWithServer } from '../support/server-binary';
import { sensorFiles } from '../support/test-app';
import { rng } from '../../src/common/random/random';
import { OLD_SERVER_PARAMS, referenceScores } from '../support/z-score-reference';

const DB = 'plant';
const T0 = 1764000000000;

describeWithServer('influxd', 'influxdb', 'Service against a real InfluxDB 1.x', () => {
  // Old payloads scored with the old server's parameters (ANOMALY_PRESET=legacy), so the stored
  // values are the old server's too.
  const { influx, app, http } = serviceWithInflux(
    DB,
    { INFLUX_TIMEOUT_MS: '1500', ANOMALY_PRESET: 'legacy' },
    { files: sensorFiles(['Temp'], ['SpindleVib']) },
  );

  it('should store old payloads with the exact old schema, types and values', async () => {
    const base = { LineName: 'L1', MachineName: 'Press 1', TimeStamp: T0 };
    await http()
      .post('/generic-state')
      .send({ ...base, StateName: 'Running', StateValue: true })
      .expect(200);
    await http()
      .post('/generic-sensor')
      .send({ ...base, SensorName: 'Oil', SensorValue: 42 })
      .expect(200);
    await http()
      .post('/vibration-sensor')
      .send({
        ...base,
        SensorName: 'Vib1',
        VibAccelTotRmsX: 0.3,
        VibAccelTotRmsY: 0.4,
        VibAccelTotRmsZ: 1.2,
      })
      .expect(200);
    await http()
      .post('/generic-sensor')
      .send({ ...base, SensorName: 'Temp', SensorValue: 42 })
      .expect(200);

    await untilForwarded(app().server() as App);
    expect(await influx.rows('SELECT * FROM GenericState', DB)).toEqual([
      { time: T0, line_name: 'L1', machine_name: 'Press 1', state_name: 'Running', value: 1 },
    ]);
    expect(await influx.rows('SELECT * FROM GenericSensor', DB)).toEqual([
      { time: T0, line_name: 'L1', machine_name: 'Press 1', sensor_name: 'Oil', value: 42 },
    ]);
    const [vib] = await influx.rows('SELECT * FROM VibSensor', DB);
    expect(vib).toMatchObject({
      time: T0,
      sensor_name: 'Vib1',
      vib_accel_rms_x: 0.3,
      vib_accel_rms_z: 1.2,
    });
    expect(vib.vib_accel_rms_total as number).toBeCloseTo(1.3, 12);
    expect(await influx.rows('SELECT * FROM SingleSensorAnalytics', DB)).toEqual([
      expect.objectContaining({
        time: T0,
        sensor_name: 'Temp',
        value: 42,
        anomaly: 0,
        anomaly_ratio: 0,
        model_avg: 42,
        z_score: 0,
        z_score_thresh: 2,
      }),
    ]);

    const types = await influx.fieldTypes(DB);
    expect(types.GenericState).toEqual({ value: 'integer' });
    expect(types.GenericSensor).toEqual({ value: 'float' });
    expect(types.VibSensor).toEqual({
      vib_accel_rms_x: 'float',
      vib_accel_rms_y: 'float',
      vib_accel_rms_z: 'float',
      vib_accel_rms_total: 'float',
    });
    expect(types.SingleSensorAnalytics).toMatchObject({
      value: 'float',
      anomaly: 'integer',
      anomaly_ratio: 'float',
      model_avg: 'float',
      z_score: 'float',
      z_score_thresh: 'float',
    });
  });

  it('should round-trip tag values with commas, equals signs, spaces, quotes and unicode', async () => {
    const names = [
      'a,b',
      'x=y',
      'two words',
      'it\'s "quoted"',
      'Linie Süd 機械 🚀',
      'back\\slash inside',
    ];
    for (const [i, name] of names.entries()) {
      await http()
        .post('/generic-sensor')
        .send({
          LineName: 'Esc',
          MachineName: name,
          SensorName: name,
          SensorValue: i,
          TimeStamp: T0 + i,
        })
        .expect(200);
    }
    await untilForwarded(app().server() as App);
    const rows = await influx.rows(`SELECT * FROM GenericSensor WHERE line_name = 'Esc'`, DB);
    expect(rows.map((r) => [r.machine_name, r.sensor_name, r.value])).toEqual(
      names.map((n, i) => [n, n, i]),
    );
  });

  it('should score 3,000 interleaved samples from two machines with one model per machine', async () => {
    const next = rng(7);
    const series = (offset: number) =>
      Array.from({ length: 1500 }, (_, i) => {
        const spike = i % 97 === 50 ? 8 : 0;
        const step = i >= 900 ? 3 : 0;
        return offset + step + spike + (next() - 0.5) * 2;
      });
    const values = { A: series(20), B: series(-500) };
    // Each machine posts in order (a PLC has one request in flight); the two run concurrently.
    await Promise.all(
      (['A', 'B'] as const).map(async (machine) => {
        for (const [i, v] of values[machine].entries()) {
          await http()
            .post('/generic-sensor')
            .send({
              LineName: 'Z',
              MachineName: machine,
              SensorName: 'Temp',
              SensorValue: v,
              TimeStamp: T0 + i,
            })
            .expect(200);
        }
      }),
    );
    await untilForwarded(app().server() as App);
    for (const machine of ['A', 'B'] as const) {
      const rows = await influx.rows(
        `SELECT value, z_score, anomaly, anomaly_ratio, model_avg FROM SingleSensorAnalytics WHERE line_name = 'Z' AND machine_name = '${machine}' ORDER BY time`,
        DB,
      );
      const expected = referenceScores(values[machine], OLD_SERVER_PARAMS);
      expect(rows).toHaveLength(1500);
      expect(expected.filter((e) => e.anomaly).length).toBeGreaterThan(10);
      rows.forEach((row, i) => {
        const e = expected[i];
        expect(Math.abs((row.z_score as number) - e.zScore)).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(e.zScore)),
        );
        expect(row.anomaly).toBe(e.anomaly ? 1 : 0);
        expect(row.anomaly_ratio as number).toBeCloseTo(e.anomalyRatio, 12);
        expect(row.model_avg as number).toBeCloseTo(e.modelAvg, 6);
      });
    }
  }, 120_000);

  it('should write an AnomalyEvent per ended run, typed, and serve it to the MES with kind=events', async () => {
    const values = [...Array.from({ length: 25 }, (_, i) => 10 + (i % 2)), 100, 100, -80, 10.5];
    for (const [i, v] of values.entries()) {
      await http()
        .post('/generic-sensor')
        .send({
          LineName: 'Ev',
          MachineName: 'M',
          SensorName: 'Temp',
          SensorValue: v,
          TimeStamp: T0 + i,
        })
        .expect(200);
    }
    await untilForwarded(app().server() as App);
    const flagged = await influx.rows(
      `SELECT z_score FROM SingleSensorAnalytics WHERE line_name = 'Ev' AND anomaly = 1`,
      DB,
    );
    const peak = flagged
      .map((r) => r.z_score as number)
      .sort((a, b) => Math.abs(b) - Math.abs(a))[0];
    expect(await influx.rows(`SELECT * FROM AnomalyEvent WHERE line_name = 'Ev'`, DB)).toEqual([
      {
        time: T0 + 25,
        line_name: 'Ev',
        machine_name: 'M',
        sensor_name: 'Temp',
        kind: 'sensor',
        end: T0 + 27,
        samples: 3,
        peak_z: peak,
        peak_abs_z: Math.abs(peak),
      },
    ]);
    const [keys] = await influx.query('SHOW FIELD KEYS FROM AnomalyEvent', DB);
    expect(Object.fromEntries(keys.values.map(([k, type]) => [k, type]))).toEqual({
      end: 'integer',
      samples: 'integer',
      peak_z: 'float',
      peak_abs_z: 'float',
    });
    const { body } = await http()
      .get(`/api/v1/mes/lines/Ev/anomalies?kind=events&from=${T0}&to=${T0 + 100}`)
      .expect(200);
    expect(body).toMatchObject({
      source: 'influxdb',
      anomalies: [],
      events: [
        {
          start: new Date(T0 + 25).toISOString(),
          end: new Date(T0 + 27).toISOString(),
          machineName: 'M',
          sensorName: 'Temp',
          kind: 'sensor',
          samples: 3,
          peakZ: peak,
        },
      ],
    });
  });

  it('should keep accepting while InfluxDB is down, stay ready, and deliver every acknowledged sample once it is back', async () => {
    const send = (i: number) =>
      http()
        .post('/generic-sensor')
        .send({
          LineName: 'Outage',
          MachineName: 'M',
          SensorName: 'S',
          SensorValue: i,
          TimeStamp: T0 + i,
        });
    const acked: number[] = [];
    for (let i = 0; i < 20; i++) if ((await send(i)).status === 200) acked.push(i);
    expect(acked).toHaveLength(20);

    await influx.stop();
    for (let i = 100; i < 120; i++) if ((await send(i)).status === 200) acked.push(i);
    expect(acked).toHaveLength(40);
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      storage: { kind: 'influxdb', ready: true, journal: { accepting: true } },
    });
    expect(ready.body.storage.backlog).toBeGreaterThan(0);

    await influx.start();
    for (let i = 200; i < 220; i++) if ((await send(i)).status === 200) acked.push(i);
    await untilForwarded(app().server() as App);
    const after = await http().get('/health/ready').expect(200);
    expect(after.body.storage.influxdb).toMatchObject({ ready: true, detail: 'connected' });

    const rows = await influx.rows(
      `SELECT value FROM GenericSensor WHERE line_name = 'Outage'`,
      DB,
    );
    const stored = new Set(rows.map((r) => r.value));
    expect(acked.filter((v) => !stored.has(v))).toEqual([]);
    expect(acked).toHaveLength(60);
  }, 60_000);
});
