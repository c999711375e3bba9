import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { untilForwarded } from '../support/forwarded';
import { InfluxdServer } from '../support/influxd';
import { PlcFleet, T0, valueOf } from '../support/plc-fleet';
import { describeWithServer } from '../support/server-binary';
import { ServiceProcess } from '../support/service-process';

/**
 * Issue 4's promise with real processes: the service (`node dist/main.js`) in front of a real
 * influxd, PLCs posting concurrently, and influxd or the service killed on the way. Every test
 * checks that each acknowledged sample is in InfluxDB with its value, and prints its figures.
 */
describeWithServer('influxd', 'influxdb', 'No acknowledged sample is lost (real processes)', () => {
  const influx = new InfluxdServer();
  const dirs: string[] = [];
  const services: ServiceProcess[] = [];

  const service = (db: string, env: Record<string, string> = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iiot-journal-'));
    dirs.push(dataDir);
    const svc = new ServiceProcess({
      INFLUX_URL: influx.url,
      INFLUX_BUCKET: db,
      INFLUX_TIMEOUT_MS: '2000',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    });
    services.push(svc);
    return svc;
  };

  /** Once the service has forwarded everything: the samples acknowledged but not in InfluxDB. */
  const lost = async (svc: ServiceProcess, db: string, line: string, fleet: PlcFleet) => {
    await untilForwarded(svc.url);
    const rows = await influx.rows(
      `SELECT value FROM GenericSensor WHERE line_name = '${line}'`,
      db,
    );
    const stored = new Map(rows.map((r) => [r.time as number, r.value as number]));
    const missing = [...fleet.acked].filter((i) => stored.get(T0 + i) !== valueOf(i));
    return { found: fleet.acked.size - missing.length, missing };
  };

  const report = (test: string, fleet: PlcFleet, found: number, lostCount: number, extra = {}) =>
    console.log(
      `[journal figures] ${test}: ${JSON.stringify({
        sent: fleet.acked.size > 0 ? Math.max(...fleet.acked) + 1 : 0,
        requests: fleet.requests,
        acknowledged: fleet.acked.size,
        found,
        lost: lostCount,
        ...extra,
      })}`,
    );

  beforeAll(() => influx.start(), 60_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await influx.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // A failed test must not leave influxd down for the next one.
    if (!(await fetch(`${influx.url}/ping`).catch(() => undefined))) await influx.start();
  }, 60_000);

  it('(a) acknowledges 20,000 samples from 16 PLCs through a 10 s InfluxDB kill, and InfluxDB ends up with every one', async () => {
    const svc = await service('journal_a').start();
    const fleet = new PlcFleet({ url: () => svc.url, line: 'A', samples: 20_000, plcs: 16 });
    const running = fleet.run();
    await fleet.acknowledged(4_000);
    await influx.kill();
    const downAt = Date.now();
    const ackedAtKill = fleet.acked.size;
    await new Promise((r) => setTimeout(r, 10_000));
    const ackedWhileDown = fleet.acked.size - ackedAtKill;
    await influx.start();
    const outageMs = Date.now() - downAt;
    await running;
    const { found, missing } = await lost(svc, 'journal_a', 'A', fleet);
    report('(a) influxd SIGKILLed', fleet, found, missing.length, { outageMs, ackedWhileDown });
    expect(outageMs).toBeGreaterThanOrEqual(10_000);
    expect(ackedWhileDown).toBeGreaterThan(0);
    expect(fleet.acked.size).toBe(20_000);
    expect(missing).toEqual([]);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 240_000);

  it('(b) replays the journal after the service is SIGKILLed mid-stream and restarted on the same DATA_DIR', async () => {
    const svc = await service('journal_b').start();
    const fleet = new PlcFleet({ url: () => svc.url, line: 'B', samples: 10_000, plcs: 16 });
    const running = fleet.run();
    await fleet.acknowledged(2_500);
    // InfluxDB down first, so the journal surely holds acknowledged points nobody forwarded yet.
    await influx.kill();
    const downAt = Date.now();
    await fleet.acknowledged(fleet.acked.size + 2_000);
    expect(await svc.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const ackedAtCrash = fleet.acked.size;
    await svc.start();
    const replayed = Number(/holds (\d+) points .* not yet confirmed/.exec(svc.output)?.[1] ?? 0);
    await fleet.acknowledged(ackedAtCrash + 1_000);
    await influx.start();
    const outageMs = Date.now() - downAt;
    await running;
    const { found, missing } = await lost(svc, 'journal_b', 'B', fleet);
    report('(b) service SIGKILLed', fleet, found, missing.length, {
      outageMs,
      ackedAtCrash,
      replayedAfterRestart: replayed,
    });
    expect(replayed).toBeGreaterThanOrEqual(2_000);
    expect(fleet.acked.size).toBe(10_000);
    expect(missing).toEqual([]);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 240_000);

  it('(c) answers 503 with Retry-After and turns unready at JOURNAL_MAX_BYTES, and loses nothing it acknowledged', async () => {
    const svc = await service('journal_c', { JOURNAL_MAX_BYTES: String(64 * 1024) }).start();
    await influx.kill();
    const downAt = Date.now();
    const fleet = new PlcFleet({ url: () => svc.url, line: 'C', samples: 1_500, plcs: 8 });
    const running = fleet.run();
    while (!fleet.refusals.has(503)) await new Promise((r) => setTimeout(r, 50));
    const full = fleet.refusals.get(503)!;
    const ready = await fetch(`${svc.url}/health/ready`);
    const readyBody = (await ready.json()) as { storage: { journal: Record<string, unknown> } };
    const ackedAtCap = fleet.acked.size;
    await influx.start();
    const outageMs = Date.now() - downAt;
    await running;
    const { found, missing } = await lost(svc, 'journal_c', 'C', fleet);
    report('(c) journal cap', fleet, found, missing.length, {
      outageMs,
      ackedAtCap,
      refused503: fleet.refused,
    });
    expect(Number(full.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(full.body)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(JSON.parse(full.body).message).toMatch(/journal full/);
    expect(ready.status).toBe(503);
    expect(readyBody.storage.journal).toMatchObject({ accepting: false, maxBytes: 64 * 1024 });
    expect((await fetch(`${svc.url}/health/ready`)).status).toBe(200);
    expect(fleet.acked.size).toBe(1_500);
    expect(missing).toEqual([]);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 240_000);

  it('(d) on SIGTERM forwards the backlog and exits 0; with InfluxDB still down it exits 0 on time and the next start delivers', async () => {
    const svc = await service('journal_d', { JOURNAL_SHUTDOWN_FORWARD_MS: '20000' }).start();
    await influx.kill();
    const fleet = new PlcFleet({ url: () => svc.url, line: 'D', samples: 1_000, plcs: 8 });
    await fleet.run();
    await influx.start();
    expect(await svc.stop('SIGTERM', 40_000)).toEqual({ code: 0, signal: null });
    // The service is gone: what InfluxDB has now is what the shutdown forwarded.
    const rows = await influx.rows(
      `SELECT value FROM GenericSensor WHERE line_name = 'D'`,
      'journal_d',
    );
    expect(rows).toHaveLength(1_000);
    expect(rows.every((r) => r.value === valueOf((r.time as number) - T0))).toBe(true);

    const later = service('journal_d', { JOURNAL_SHUTDOWN_FORWARD_MS: '500' });
    await later.start();
    await influx.kill();
    const second = new PlcFleet({ url: () => later.url, line: 'D2', samples: 500, plcs: 4 });
    await second.run();
    expect(await later.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(later.output).toMatch(/500 points stay in the journal for the next start/);
    await influx.start();
    await later.start();
    expect((await lost(later, 'journal_d', 'D2', second)).missing).toEqual([]);
    expect(await later.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 240_000);
});
