import type { App } from 'supertest/types';
import { untilForwarded } from '../support/forwarded';
import { serviceWithInflux } from '../support/influx-app';
import { gaussian, rng } from '../../src/common/random/random';
import { describeWithServer } from '../support/server-binary';
import { sensorFiles } from '../support/test-app';
import { OLD_SERVER_PARAMS, referenceScores } from '../support/z-score-reference';

const DB = 'bulk';
const T0 = 1764000000000;

describeWithServer('influxd', 'influxdb', 'Batch and series into a real InfluxDB 1.x', () => {
  const { influx, app, http } = serviceWithInflux(
    DB,
    // Scored with the old server's parameters, as the reference below is.
    { INFLUX_BATCH_SIZE: '5000', ANOMALY_PRESET: 'legacy' },
    { files: sensorFiles(['Temp'], ['SpindleVib']) },
  );

  const fieldTypes = () => influx.fieldTypes(DB);

  it('should land a 12,000-value series as SingleSensorAnalytics scored like the reference', async () => {
    const next = rng(11);
    const values = Array.from(
      { length: 12_000 },
      (_, i) => 50 + gaussian(next) + (i % 331 === 300 ? 12 : 0),
    );
    await http()
      .post('/api/v1/ingest/series')
      .send({
        LineName: 'S',
        MachineName: 'Press 1',
        SensorName: 'Temp',
        StartTime: T0,
        IntervalMs: 2,
        Values: values,
      })
      .expect(202, { accepted: 12_000 });
    await untilForwarded(app().server() as App);

    const rows = await influx.rows(
      `SELECT * FROM SingleSensorAnalytics WHERE line_name = 'S' ORDER BY time`,
      DB,
    );
    expect(rows).toHaveLength(12_000);
    expect(rows[0]).toMatchObject({ machine_name: 'Press 1', sensor_name: 'Temp', time: T0 });
    expect(rows[11_999].time).toBe(T0 + 2 * 11_999);
    const expected = referenceScores(values, OLD_SERVER_PARAMS);
    expect(expected.filter((e) => e.anomaly).length).toBeGreaterThan(20);
    rows.forEach((row, i) => {
      expect(row.value).toBe(values[i]);
      expect(row.anomaly).toBe(expected[i].anomaly ? 1 : 0);
      expect(Math.abs((row.z_score as number) - expected[i].zScore)).toBeLessThanOrEqual(
        1e-6 * Math.max(1, Math.abs(expected[i].zScore)),
      );
    });
    expect((await fieldTypes()).SingleSensorAnalytics).toMatchObject({
      value: 'float',
      anomaly: 'integer',
      anomaly_ratio: 'float',
      model_avg: 'float',
      z_score: 'float',
      z_score_thresh: 'float',
    });
  }, 60_000);

  it('should land a mixed batch in the old schema, with item names overriding the batch', async () => {
    const samples = [
      { Type: 'state', StateName: 'Running', StateValue: true, TimeStamp: T0 },
      { Type: 'state', MachineName: 'Press 2', StateName: 'Running', StateValue: 0, TimeStamp: T0 },
      { Type: 'sensor', SensorName: 'Oil', SensorValue: 42, TimeStamp: T0 + 1 },
      {
        Type: 'vibration',
        LineName: 'B2',
        SensorName: 'SpindleVib',
        VibAccelTotRmsX: 3,
        VibAccelTotRmsY: 4,
        VibAccelTotRmsZ: 12,
        TimeStamp: T0 + 2,
      },
    ];
    await http()
      .post('/api/v1/ingest/batch')
      .send({ LineName: 'B', MachineName: 'Press 1', Samples: samples })
      .expect(202, { accepted: 4 });
    await untilForwarded(app().server() as App);

    expect(await influx.rows('SELECT * FROM GenericState', DB)).toEqual([
      { time: T0, line_name: 'B', machine_name: 'Press 1', state_name: 'Running', value: 1 },
      { time: T0, line_name: 'B', machine_name: 'Press 2', state_name: 'Running', value: 0 },
    ]);
    expect(await influx.rows('SELECT * FROM GenericSensor', DB)).toEqual([
      { time: T0 + 1, line_name: 'B', machine_name: 'Press 1', sensor_name: 'Oil', value: 42 },
    ]);
    expect(await influx.rows('SELECT * FROM VibSensor', DB)).toEqual([
      expect.objectContaining({
        time: T0 + 2,
        line_name: 'B2',
        machine_name: 'Press 1',
        sensor_name: 'SpindleVib',
        vib_accel_rms_total: 13,
        anomaly: 0,
        z_score_thresh: 2,
      }),
    ]);
    const types = await fieldTypes();
    expect(types.GenericState).toEqual({ value: 'integer' });
    expect(types.GenericSensor).toEqual({ value: 'float' });
    expect(types.VibSensor).toMatchObject({ vib_accel_rms_total: 'float', anomaly: 'integer' });
  }, 60_000);

  it('should store nothing of a batch with one bad item', async () => {
    await http()
      .post('/api/v1/ingest/batch')
      .send({
        LineName: 'Bad',
        MachineName: 'M',
        Samples: [
          { Type: 'sensor', SensorName: 'Oil', SensorValue: 1, TimeStamp: T0 },
          { Type: 'sensor', SensorName: 'Oil', SensorValue: 'x', TimeStamp: T0 + 1 },
        ],
      })
      .expect(400);
    await untilForwarded(app().server() as App);
    expect(await influx.rows(`SELECT * FROM GenericSensor WHERE line_name = 'Bad'`, DB)).toEqual(
      [],
    );
  });
});
