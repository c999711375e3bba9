import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZScoreDetector } from '../../src/anomaly-detection/z-score-detector';
import type { ZScoreParams } from '../../src/anomaly-detection/z-score.params';
import { gaussian, rng } from '../../src/common/random/random';
import { untilForwarded } from '../support/forwarded';
import { InfluxdServer } from '../support/influxd';
import { describeWithServer } from '../support/server-binary';
import { ServiceProcess } from '../support/service-process';

/** Small W and K so that 1,200 samples see warm-up, spikes, a level step and re-baselines. */
const PARAMS: ZScoreParams = {
  window: 30,
  threshold: 3,
  ratioWindow: 25,
  rebaselineAfter: 5,
  minStd: 0.001,
};
const SAMPLES = 1_200;
const T0 = 1_764_000_000_000;
const DB = 'state_restart';

interface Series {
  kind: 'sensor' | 'vibration';
  machine: string;
  /** The value the detector scores (the total RMS for vibration). */
  values: number[];
  body: (i: number) => object;
}

/** Noise around 10, a +8 spike every 97 samples, a +6 step at the middle: seeded per series. */
function signal(seed: number): number[] {
  const rand = rng(seed);
  return Array.from({ length: SAMPLES }, (_, i) => {
    const level = i >= SAMPLES / 2 ? 16 : 10;
    return level + gaussian(rand) + (i % 97 === 50 ? 8 : 0);
  });
}

function sensorSeries(machine: string, seed: number): Series {
  const values = signal(seed);
  const body = (i: number) => ({
    LineName: 'K',
    MachineName: machine,
    SensorName: 'T',
    SensorValue: values[i],
    TimeStamp: T0 + i,
  });
  return { kind: 'sensor', machine, values, body };
}

function vibrationSeries(machine: string, seed: number): Series {
  const base = signal(seed);
  const xyz = base.map((v) => [v, v / 2, v / 3] as const);
  const body = (i: number) => ({
    LineName: 'K',
    MachineName: machine,
    SensorName: 'V',
    VibAccelTotRmsX: xyz[i][0],
    VibAccelTotRmsY: xyz[i][1],
    VibAccelTotRmsZ: xyz[i][2],
    TimeStamp: T0 + i,
  });
  return { kind: 'vibration', machine, values: xyz.map(([x, y, z]) => Math.hypot(x, y, z)), body };
}

/** The uninterrupted run: one detector per series fed every value once, in order. */
function reference(series: Series) {
  const detector = new ZScoreDetector(PARAMS);
  return series.values.map((v, i) => detector.score(v, T0 + i));
}

/**
 * Issue 7's promise with real processes: the service (`node dist/main.js`) journals into a real
 * influxd while PLCs stream, is SIGKILLed mid-stream and restarted on the same DATA_DIR; every
 * z-score InfluxDB ends up with equals the uninterrupted run's, bit for bit.
 */
describeWithServer(
  'influxd',
  'influxdb',
  'Detector state survives SIGKILL (real processes)',
  () => {
    const influx = new InfluxdServer();
    let dataDir = '';
    let svc: ServiceProcess;

    beforeAll(async () => {
      await influx.start();
      dataDir = mkdtempSync(join(tmpdir(), 'iiot-state-'));
      mkdirSync(join(dataDir, 'config'));
      const entry = (name: string) => JSON.stringify({ sensors: [{ name, ...PARAMS }] });
      writeFileSync(join(dataDir, 'config', 'analytics_generic_sensors.json'), entry('T'));
      writeFileSync(join(dataDir, 'config', 'analytics_vibration_sensors.json'), entry('V'));
      svc = new ServiceProcess({
        INFLUX_URL: influx.url,
        INFLUX_BUCKET: DB,
        DATA_DIR: dataDir,
        AUTH_DISABLED: 'true',
        RATE_LIMIT_PER_SECOND: '0',
        STATE_SNAPSHOT_INTERVAL_MS: '250',
        LOG_LEVEL: 'info',
      });
    }, 60_000);
    afterAll(async () => {
      await svc.stop('SIGKILL');
      await influx.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('continues every detector after a SIGKILL mid-stream exactly as an uninterrupted run', async () => {
      const series = [
        ...Array.from({ length: 6 }, (_, m) => sensorSeries(`M${m}`, 100 + m)),
        vibrationSeries('M0', 200),
        vibrationSeries('M1', 201),
      ];
      let acked = 0;
      let resent = 0;
      /** A PLC per series, one request in flight, resending until a 2xx (refused, reset, 5xx). */
      const plc = async (s: Series) => {
        const path = s.kind === 'sensor' ? '/api/v1/ingest/sensor' : '/api/v1/ingest/vibration';
        for (let i = 0; i < SAMPLES; i++) {
          for (;;) {
            const res = await fetch(`${svc.url}${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(s.body(i)),
              signal: AbortSignal.timeout(10_000),
            }).catch(() => undefined);
            await res?.text();
            if (res?.ok) break;
            if (res && res.status < 500) throw new Error(`sample ${i} answered ${res.status}`);
            resent++;
            await new Promise((r) => setTimeout(r, 20));
          }
          acked++;
        }
      };

      await svc.start();
      const running = Promise.all(series.map(plc));
      while (acked < (SAMPLES * series.length * 2) / 5) await new Promise((r) => setTimeout(r, 5));
      expect(await svc.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      const ackedAtKill = acked;
      await svc.start();
      const log = await svc.waitForOutput(/Restored \d+ detectors .*replayed \d+ samples/);
      await running;
      await untilForwarded(svc.url);

      const restored = /Restored (\d+) detectors .*replayed (\d+) samples/.exec(log)!;
      console.log(
        `[state figures] ${JSON.stringify({ samples: acked, ackedAtKill, resent, restoredDetectors: Number(restored[1]), replayedSamples: Number(restored[2]) })}`,
      );
      expect(Number(restored[1])).toBe(series.length);
      expect(resent).toBeGreaterThan(0);
      expect(log).not.toMatch(/scored differently/);

      for (const s of series) {
        const measurement = s.kind === 'sensor' ? 'SingleSensorAnalytics' : 'VibSensor';
        const rows = await influx.rows(
          `SELECT z_score, anomaly, model_avg, model_std, anomaly_ratio FROM ${measurement} ` +
            `WHERE line_name = 'K' AND machine_name = '${s.machine}'`,
          DB,
        );
        const expected = reference(s).map((r, i) => ({
          time: T0 + i,
          z_score: Number.isFinite(r.zScore) ? r.zScore : null,
          anomaly: r.anomaly ? 1 : 0,
          model_avg: Number.isFinite(r.modelAvg) ? r.modelAvg : null,
          model_std: Number.isFinite(r.modelStd) ? r.modelStd : null,
          anomaly_ratio: Number.isFinite(r.anomalyRatio) ? r.anomalyRatio : null,
        }));
        const stored = rows.map(
          ({ time, z_score, anomaly, model_avg, model_std, anomaly_ratio }) => ({
            time,
            z_score,
            anomaly,
            model_avg,
            model_std,
            anomaly_ratio,
          }),
        );
        expect(stored).toEqual(expected);
        const events = await influx.rows(
          `SELECT "end", samples, peak_z FROM AnomalyEvent WHERE line_name = 'K' AND machine_name = '${s.machine}' AND kind = '${s.kind}'`,
          DB,
        );
        const expectedEvents = reference(s).flatMap((r) => (r.endedRun ? [r.endedRun] : []));
        expect(expectedEvents.length).toBeGreaterThan(0);
        expect(
          events.map((e) => ({ start: e.time, end: e.end, samples: e.samples, peakZ: e.peak_z })),
        ).toEqual(expectedEvents);
      }
      expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }, 240_000);
  },
);
