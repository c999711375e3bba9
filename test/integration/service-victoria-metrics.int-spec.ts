import request from 'supertest';
import type { App } from 'supertest/types';
import { describeWithServer } from '../support/server-binary';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';
import { VictoriaMetricsServer } from '../support/victoria-metrics';

/**
 * The /api/v2/write path end to end: old payloads POSTed to the service land in a real server that
 * speaks InfluxDB's v2 write API (VictoriaMetrics stores field f of measurement m as metric m_f).
 */
describeWithServer(
  'victoria-metrics',
  'victoria-metrics',
  'Service over /api/v2/write (VictoriaMetrics)',
  () => {
    const vm = new VictoriaMetricsServer();
    let t: TestApp;
    // VictoriaMetrics keeps a month: write around now.
    const now = Math.floor(Date.now() / 1000) * 1000 - 30_000;

    beforeAll(async () => {
      await vm.start();
      t = await createTestApp(
        {
          INFLUX_URL: vm.url,
          INFLUX_API: 'v2',
          INFLUX_ORG: 'plant',
          INFLUX_BUCKET: 'iiot',
          INFLUX_TOKEN: 't',
        },
        { files: sensorFiles(['Temp']) },
      );
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await vm.destroy();
    });

    it('should store state, sensor, analysed sensor and vibration samples posted on the legacy routes', async () => {
      const http = () => request(t.server() as App);
      const base = { LineName: 'Line1', MachineName: 'Press 1' };
      await http()
        .post('/generic-state')
        .send({ ...base, StateName: 'Running', StateValue: 1, TimeStamp: now })
        .expect(200);
      await http()
        .post('/generic-sensor')
        .send({ ...base, SensorName: 'Oil', SensorValue: 42.5, TimeStamp: now })
        .expect(200);
      await http()
        .post('/generic-sensor')
        .send({ ...base, SensorName: 'Temp', SensorValue: 21, TimeStamp: now })
        .expect(200);
      await http()
        .post('/vibration-sensor')
        .send({
          ...base,
          SensorName: 'Vib1',
          VibAccelTotRmsX: 3,
          VibAccelTotRmsY: 4,
          VibAccelTotRmsZ: 12,
          TimeStamp: now,
        })
        .expect(200);

      const wanted = [
        'GenericState_value',
        'GenericSensor_value',
        'SingleSensorAnalytics_value',
        'VibSensor_vib_accel_rms_total',
      ];
      const series = await vm.waitForSeries(
        `{__name__=~"${wanted.join('|')}"}`,
        (s) => s.length >= wanted.length,
      );
      const found = Object.fromEntries(series.map((s) => [s.metric.__name__, s]));
      expect(Object.keys(found).sort()).toEqual([...wanted].sort());
      expect(found.GenericState_value.metric).toMatchObject({
        line_name: 'Line1',
        machine_name: 'Press 1',
        state_name: 'Running',
      });
      expect(found.GenericState_value.values).toEqual([1]);
      expect(found.GenericSensor_value.values).toEqual([42.5]);
      expect(found.SingleSensorAnalytics_value.metric.sensor_name).toBe('Temp');
      expect(found.VibSensor_vib_accel_rms_total.values).toEqual([13]);
      for (const s of series) expect(s.timestamps).toEqual([now]);
    }, 60_000);
  },
);
