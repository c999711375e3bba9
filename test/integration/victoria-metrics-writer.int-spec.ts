import { Logger } from '@nestjs/common';
import type { ScoredSample } from '../../src/common/domain/sample';
import type { InfluxConfig } from '../../src/config/app.config';
import { MetricsService } from '../../src/health/metrics.service';
import { InfluxConnection } from '../../src/persistence/influx/influx-connection';
import { InfluxSink } from '../../src/persistence/influx/influx-sink';
import { toLineProtocol } from '../../src/persistence/line-protocol';
import { PointMapper } from '../../src/persistence/point.mapper';
import { describeWithServer } from '../support/server-binary';
import { VictoriaMetricsServer, VmSeries } from '../support/victoria-metrics';
import { influxConfig } from './influx-sink.fixtures';

/** Labels and samples of the exported series, keyed by metric name and sensor/state name. */
function byName(
  series: VmSeries[],
): Record<string, { labels: Record<string, string>; values: number[]; timestamps: number[] }> {
  return Object.fromEntries(
    series.map(({ metric: { __name__, ...labels }, values, timestamps }) => [
      `${__name__}/${labels.sensor_name ?? labels.state_name}`,
      { labels, values, timestamps },
    ]),
  );
}

describeWithServer(
  'victoria-metrics',
  'victoria-metrics',
  'InfluxSink over /api/v2/write (VictoriaMetrics)',
  () => {
    const server = new VictoriaMetricsServer();
    const mapper = new PointMapper();
    const sinks: InfluxSink[] = [];
    // VictoriaMetrics keeps one month here: write around now, on whole seconds apart per test.
    const now = Math.floor(Date.now() / 1000) * 1000 - 60_000;

    const make = (api: InfluxConfig['api']) => {
      const config = influxConfig(server.url, { api, org: 'plant', token: 'not-checked' });
      const sink = new InfluxSink(new InfluxConnection(config), new MetricsService());
      sinks.push(sink);
      return {
        write: (samples: ScoredSample[]) => sink.write(toLineProtocol(mapper.toPoints(samples))),
        health: () => sink.state(),
      };
    };

    beforeAll(async () => {
      Logger.overrideLogger(false);
      await server.start();
    }, 60_000);
    afterEach(async () => {
      sinks.splice(0).forEach((sink) => sink.stop());
    });
    afterAll(() => server.destroy(), 30_000);

    it('should land every measurement of the schema through /api/v2/write with api forced to v2', async () => {
      const writer = make('v2');
      const samples: ScoredSample[] = [
        { kind: 'state', line: 'Line1', machine: 'Press 1', name: 'Running', value: 1, time: now },
        {
          kind: 'sensor',
          line: 'Line1',
          machine: 'Press 1',
          name: 'Oil,Temp',
          value: 42,
          time: now,
        },
        {
          kind: 'sensor',
          line: 'Line1',
          machine: 'Press 1',
          name: 'Temp',
          value: 13,
          time: now + 1,
          analytics: {
            anomaly: true,
            anomalyRatio: 1,
            modelAvg: 10.48,
            modelStd: 0.51,
            zScore: 4.94,
            threshold: 2,
          },
        },
        {
          kind: 'vibration',
          line: 'Line1',
          machine: 'Press 1',
          name: 'Vib1',
          x: 0.3,
          y: 0.4,
          z: 1.2,
          total: 1.3,
          time: now,
        },
      ];
      await writer.write(samples);
      expect(writer.health()).toMatchObject({ ready: true, api: 'v2' });

      const expected = [
        'GenericState_value/Running',
        'GenericSensor_value/Oil,Temp',
        'SingleSensorAnalytics_value/Temp',
        'SingleSensorAnalytics_anomaly/Temp',
        'SingleSensorAnalytics_anomaly_ratio/Temp',
        'SingleSensorAnalytics_model_avg/Temp',
        'SingleSensorAnalytics_model_std/Temp',
        'SingleSensorAnalytics_z_score/Temp',
        'SingleSensorAnalytics_z_score_thresh/Temp',
        'VibSensor_vib_accel_rms_x/Vib1',
        'VibSensor_vib_accel_rms_y/Vib1',
        'VibSensor_vib_accel_rms_z/Vib1',
        'VibSensor_vib_accel_rms_total/Vib1',
      ];
      const series = byName(
        await server.waitForSeries(
          '{__name__=~"(GenericState|GenericSensor|SingleSensorAnalytics|VibSensor)_.*"}',
          (s) => s.length >= expected.length,
        ),
      );
      expect(Object.keys(series).sort()).toEqual([...expected].sort());
      expect(series['GenericState_value/Running']).toEqual({
        labels: { line_name: 'Line1', machine_name: 'Press 1', state_name: 'Running' },
        values: [1],
        timestamps: [now],
      });
      expect(series['GenericSensor_value/Oil,Temp']).toMatchObject({
        values: [42],
        timestamps: [now],
      });
      expect(series['SingleSensorAnalytics_z_score/Temp']).toMatchObject({
        values: [4.94],
        timestamps: [now + 1],
      });
      expect(series['SingleSensorAnalytics_anomaly/Temp'].values).toEqual([1]);
      expect(series['VibSensor_vib_accel_rms_total/Vib1'].values).toEqual([1.3]);
    }, 40_000);

    it('should detect v2 under api=auto (no version header on /ping) and round-trip escaped tag values', async () => {
      const writer = make('auto');
      const names = ['a=b', 'Press 1 ', 'trailing,', 'Öl °C', '温度'];
      await writer.write(
        names.map((name, i) => ({
          kind: 'sensor',
          line: 'Line 2',
          machine: `M=${i}`,
          name,
          value: i + 0.5,
          time: now + 1000,
        })),
      );
      expect(writer.health()).toMatchObject({ ready: true, api: 'v2' });
      const series = await server.waitForSeries(
        '{__name__="GenericSensor_value", line_name="Line 2"}',
        (s) => s.length >= names.length,
      );
      expect(series.map((s) => s.metric.sensor_name).sort()).toEqual([...names].sort());
      expect(series.map((s) => [s.metric.machine_name, s.values[0]]).sort()).toEqual(
        names.map((_, i) => [`M=${i}`, i + 0.5]),
      );
    }, 40_000);
  },
);
