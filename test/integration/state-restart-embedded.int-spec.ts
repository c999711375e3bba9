import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZScoreDetector } from '../../src/anomaly-detection/z-score-detector';
import type { ZScoreParams } from '../../src/anomaly-detection/z-score.params';
import { gaussian, rng } from '../../src/common/random/random';
import { ServiceProcess } from '../support/service-process';

const PARAMS: ZScoreParams = {
  window: 20,
  threshold: 3,
  ratioWindow: 25,
  rebaselineAfter: 4,
  minStd: 0.001,
};
const T0 = 1_764_000_000_000;

/**
 * The embedded default (no InfluxDB): the state snapshot and the daily line-protocol files bring
 * the detectors and line status back after a SIGKILL, as the journal does in front of InfluxDB.
 */
describe('Detector state survives SIGKILL in embedded mode (real process)', () => {
  let dataDir = '';
  let svc: ServiceProcess;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'iiot-state-lp-'));
    mkdirSync(join(dataDir, 'config'));
    writeFileSync(
      join(dataDir, 'config', 'analytics_generic_sensors.json'),
      JSON.stringify({ sensors: [{ name: 'T', ...PARAMS }] }),
    );
    svc = new ServiceProcess({
      DATA_DIR: dataDir,
      AUTH_DISABLED: 'true',
      RATE_LIMIT_PER_SECOND: '0',
      STATE_SNAPSHOT_INTERVAL_MS: '200',
    });
  });
  afterAll(async () => {
    await svc.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('continues the detector and shows the latest value after a restart', async () => {
    const rand = rng(7);
    const values = Array.from({ length: 400 }, (_, i) => 5 + gaussian(rand) + (i > 200 ? 4 : 0));
    const series = async (from: number, to: number) => {
      const res = await fetch(`${svc.url}/api/v1/ingest/series`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          LineName: 'E',
          MachineName: 'M',
          SensorName: 'T',
          StartTime: T0 + from,
          IntervalMs: 1,
          Values: values.slice(from, to),
        }),
      });
      expect(res.status).toBe(202);
    };
    await svc.start();
    for (let i = 0; i < 300; i += 20) await series(i, i + 20);
    // Some after the last snapshot for certain: the kill follows at once.
    await new Promise((r) => setTimeout(r, 500));
    await series(300, 350);
    expect(await svc.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await svc.start();
    const log = await svc.waitForOutput(/Restored 1 detectors .*replayed (\d+) samples/);
    expect(Number(/replayed (\d+) samples/.exec(log)![1])).toBeGreaterThanOrEqual(50);
    const latest = async () => {
      const status = (await (await fetch(`${svc.url}/api/v1/mes/lines/E/status`)).json()) as {
        machines: Array<{ sensors: Array<{ name: string }> }>;
      };
      return status.machines[0].sensors.find((s: { name: string }) => s.name === 'T');
    };
    expect(await latest()).toMatchObject({
      value: values[349],
      time: new Date(T0 + 349).toISOString(),
    });
    await series(350, 400);

    const reference = new ZScoreDetector(PARAMS);
    values.forEach((v, i) => reference.score(v, T0 + i));
    const detector = (await (
      await fetch(`${svc.url}/api/v1/analytics/detectors/sensor/E/M/T`)
    ).json()) as { state: unknown };
    expect(detector.state).toEqual(reference.snapshot());

    expect(await latest()).toMatchObject({
      value: values[399],
      time: new Date(T0 + 399).toISOString(),
    });
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);
});
