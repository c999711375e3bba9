import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../src/simulator/summary';
import { storedPoints } from '../support/line-protocol';
import { ServiceProcess } from '../support/service-process';

const SIMULATOR = join(__dirname, '..', '..', 'dist', 'simulator', 'main.js');

function simulate(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [SIMULATOR, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.on('exit', (code) => resolve({ code, output }));
  });
}

/** The compiled simulator (what `npm run simulate` runs) against the built service. */
describe('IPC simulator against the service', () => {
  let dataDir: string;
  let svc: ServiceProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'iiot-sim-'));
    mkdirSync(join(dataDir, 'config'));
    // The service's shipped analytics files: the simulator configures nothing on the server.
    for (const file of ['analytics_generic_sensors.json', 'analytics_vibration_sensors.json']) {
      const shipped = readFileSync(
        join(__dirname, '..', '..', 'apps_data', 'http_server', 'config', file),
      );
      writeFileSync(join(dataDir, 'config', file), shipped);
    }
    // A 25-sample window, so the models warm up and anomalies are injected within the 3 s run
    // (the simulator reads the window from the service and injects nothing during warm-up).
    svc = await new ServiceProcess({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ANOMALY_WINDOW: '25',
    }).start();
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should deliver every sample, exit 0 and score the injected anomalies', async () => {
    const summaryFile = join(dataDir, 'summary.json');
    const run = await simulate([
      '--url',
      svc.url,
      '--duration',
      '3',
      '--rate',
      '20',
      '--machines',
      '2',
      '--anomaly-rate',
      '0.05',
      '--summary-json',
      summaryFile,
    ]);
    expect(run.output).toContain('=== IIoT simulator summary ===');
    expect(run.output).toMatch(/detection +precision \d\.\d\d .*recall \d\.\d\d/);
    expect(run.code).toBe(0);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;
    expect(summary).toMatchObject({ mode: 'single', lost: 0, refused: {}, exitCode: 0 });
    expect(summary.generated).toBe(summary.accepted);
    // Three sensors and one state per machine and cycle, 60 cycles, two machines; stored once each.
    expect(summary.accepted).toBeGreaterThanOrEqual(2 * 60 * 3);
    // Plus an AnomalyEvent point for each ended run of anomalies.
    const samples = storedPoints(dataDir).filter((p) => p.measurement !== 'AnomalyEvent');
    expect(samples).toHaveLength(summary.accepted);
    expect(summary.analysed.sort()).toEqual(['Pressure', 'SpindleVib', 'Temp']);
    const detection = summary.detection as {
      injected: number;
      truePositives: number;
      recall: number;
    };
    expect(detection.injected).toBeGreaterThan(0);
    // Injected anomalies are 6–10 σ off after the model's warm-up: the service must find them.
    expect(detection.recall).toBeGreaterThanOrEqual(0.9);
  }, 90_000);

  it('should say so when the batch route is missing, fall back to single samples and still deliver', async () => {
    const run = await simulate([
      '--url',
      svc.url,
      '--duration',
      '1',
      '--batch',
      '--machines',
      '1',
      '--line-prefix',
      'B',
    ]);
    expect(run.code).toBe(0);
    const batchMissing = /answered 404: this service has no batch route/.test(run.output);
    // Once the batch route exists (another branch adds it) the run simply uses it.
    expect(run.output).toMatch(batchMissing ? /\(single samples\)/ : /\(batches\)/);
    expect(run.output).toMatch(/lost 0/);
  }, 60_000);

  it('should exit 1 and report the refusals when the service refuses the samples', async () => {
    // A control character in the line name makes every sample invalid (DESIGN: names have none).
    const run = await simulate([
      '--url',
      svc.url,
      '--duration',
      '0.5',
      '--machines',
      '1',
      '--line-prefix',
      'Bad\u0001',
    ]);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/refused +400 × \d+/);
    expect(run.output).toMatch(/FAILED: samples were refused or lost \(exit 1\)/);
  }, 60_000);
});
