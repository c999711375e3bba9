import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const T0 = 1_764_000_000_000;

/** The state snapshot as an operator meets it under DATA_DIR/state (embedded mode). */
describe('Detector state snapshot (e2e)', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'iiot-state-e2e-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (dir: string, env: Record<string, string> = {}) => {
    const t = await createTestApp({ DATA_DIR: dir, ...env }, { files: sensorFiles(['Temp']) });
    apps.push(t);
    return t;
  };
  const send = (t: TestApp, values: number[]) =>
    request(t.server() as App)
      .post('/api/v1/ingest/series')
      .send({
        LineName: 'L',
        MachineName: 'M',
        SensorName: 'Temp',
        StartTime: T0,
        IntervalMs: 1,
        Values: values,
      })
      .expect(202);
  const state = async (t: TestApp) =>
    (
      await request(t.server() as App)
        .get('/api/v1/analytics/detectors/sensor/L/M/Temp')
        .expect(200)
    ).body.state as { filled: number };

  afterAll(async () => {
    await Promise.all(apps.map((t) => t.app.close().catch(() => undefined)));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('should write a snapshot at start and on shutdown, which the next start restores', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const file = join(dir, 'state', 'snapshot.ndjson');
    const header = () =>
      JSON.parse(readFileSync(file, 'utf8').split('\n')[0]) as { detectors: number };
    expect(header().detectors).toBe(0);
    await send(
      first,
      Array.from({ length: 30 }, (_, i) => 10 + (i % 5)),
    );
    await first.app.close();
    expect(header()).toMatchObject({
      version: 1,
      detectors: 1,
      position: { log: 'line-protocol-file' },
    });
    const second = await start(dir);
    expect(await state(second)).toMatchObject({ filled: 30 });
  });

  it('should move an unusable snapshot aside and still start, from what the log holds', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'state', 'snapshot.ndjson'), '{"version":1,"torn');
    const t = await start(dir);
    const names = readdirSync(join(dir, 'state'));
    expect(names.some((n) => n.startsWith('snapshot.ndjson.unusable-'))).toBe(true);
    expect(names).toContain('snapshot.ndjson');
    await send(t, [1, 2, 3]);
    expect(await state(t)).toMatchObject({ filled: 3 });
  });

  it('should neither snapshot nor replay with STATE_SNAPSHOT_INTERVAL_MS=0', async () => {
    const dir = dataDir();
    const first = await start(dir, { STATE_SNAPSHOT_INTERVAL_MS: '0' });
    await send(first, [1, 2, 3]);
    await first.app.close();
    expect(existsSync(join(dir, 'state'))).toBe(false);
    const second = await start(dir, { STATE_SNAPSHOT_INTERVAL_MS: '0' });
    expect(await state(second)).toBeNull();
  });
});
