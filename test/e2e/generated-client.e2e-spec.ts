import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FlowStep, RunMesFlow } from '../client/mes-flow.types';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const OUT_DIR = join(ROOT, 'test-output', 'client');
/** Loaded by path once generated: a static import would make `npm run typecheck` need it first. */
const FLOW_MODULE = join(ROOT, 'test', 'client', 'mes-flow');

function run(script: string, args: string[]): { code: number | null; output: string } {
  const res = spawnSync(process.execPath, [join(ROOT, 'node_modules', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: res.status, output: `${res.stdout}${res.stderr}`.trim() };
}

/**
 * What an MES integrator does with docs/openapi.json: generate a typed client, write code against
 * it, and run that code against the service. A breaking change to the document fails `tsc` here.
 */
describe('Generated TypeScript client (openapi-typescript + openapi-fetch)', () => {
  let t: TestApp;
  let baseUrl: string;
  let generation: { code: number | null; output: string };

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    generation = run('openapi-typescript/bin/cli.js', [
      'docs/openapi.json',
      '--redocly',
      'test/client/redocly.yaml',
      '--output',
      join(OUT_DIR, 'iiot-api.ts'),
    ]);
    t = await createTestApp({}, { files: sensorFiles(['Temp']) });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(() => t?.close());

  it('should generate the client and type-check the MES flow script against it', () => {
    expect(generation.code).toBe(0);
    const tsc = run('typescript/bin/tsc', ['-p', 'test/client/tsconfig.json', '--listFiles']);
    expect(tsc.output.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(tsc.code).toBe(0);
    // The script itself was checked, not just the generated file.
    expect(tsc.output).toContain(join(ROOT, 'test', 'client', 'mes-flow.ts'));
  }, 120_000);

  it('should run the MES flow against the service', async () => {
    expect(generation.code).toBe(0);
    const { runMesFlow } = (await import(FLOW_MODULE)) as { runMesFlow: RunMesFlow };
    const steps = await runMesFlow(baseUrl, {
      orderNo: 'MES-4711',
      lineName: 'Line7',
      machineName: 'Press 2',
    });
    const byName = new Map<string, FlowStep>(steps.map((s) => [s.step, s]));
    const at = (name: string) => byName.get(name);

    expect(steps.map((s) => [s.step, s.status])).toEqual([
      ['create', 201],
      ['create duplicate', 409],
      ['release', 200],
      ['jump to completed', 409],
      ['start', 200],
      ['start again', 200],
      ['complete', 200],
      ['list completed', 200],
      ['ingest', 202],
      ['line status', 200],
      ['anomalies', 200],
    ]);
    expect(at('create')?.detail).toBe('planned');
    expect(at('create duplicate')?.detail).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(at('jump to completed')?.detail).toMatch(/cannot change from released to completed/);
    const started = at('start')?.detail as { status: string; startedAt: string };
    expect(started.status).toBe('in_progress');
    expect(at('start again')?.detail).toEqual(started);
    expect(at('complete')?.detail).toMatchObject({
      status: 'completed',
      startedAt: started.startedAt,
      completedAt: expect.any(String),
    });
    expect(at('list completed')?.detail).toEqual(['MES-4711']);
    expect(at('line status')?.detail).toEqual({ value: 75, anomaly: true, stale: false });
    expect(at('anomalies')?.detail).toEqual([
      { machine: 'Press 2', sensor: 'Temp', value: 75, flagged: true },
    ]);
  }, 60_000);
});
