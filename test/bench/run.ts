import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { InfluxdServer } from '../support/influxd';
import { findBinary } from '../support/server-binary';
import { POST_LUA, RUNS, SECONDS, fmt, measure, notMeasured } from './common';
import { detectorCost, validationCost } from './in-process';
import { influxRows } from './influx-rows';
import { detectorHeap, detectorMemory } from './memory';
import { Proc } from './processes';
import { startShared } from './servers';
import { Row, printTable } from './table';

/**
 * `npm run bench`: every figure of docs/performance.md in one run on one machine (see common.ts
 * for BENCH_RUNS and BENCH_SECONDS). Prints one Markdown table on stdout, progress on stderr.
 */

/** Run on exit, whatever the way out: servers the bench started that Proc does not track. */
const cleanups: Array<() => Promise<void>> = [];

/** BENCH_ONLY=memory: the memory rows alone (a few minutes), e.g. after a change to the detectors. */
const MEMORY_ONLY = process.env.BENCH_ONLY === 'memory';

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = Date.now();
  const log = (msg: string) =>
    process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${msg}\n`);
  if (!MEMORY_ONLY) await throughputRows(rows, log);
  await memoryRows(rows, log);
  if (!MEMORY_ONLY) await inProcessRows(rows, log);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `\nMachine: ${cpus().length} × ${cpu}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}. ` +
      `Medians of ${RUNS} runs${MEMORY_ONLY ? ' (BENCH_ONLY=memory)' : ` × ${SECONDS} s (wrk -t1)`}; took ${Math.round((Date.now() - started) / 1000)} s.\n\n`,
  );
  printTable(rows);
}

type Log = (msg: string) => void;

/** The HTTP rows: ceilings, the service's routes, peers, and InfluxDB's own /write ceiling. */
async function throughputRows(rows: Row[], log: Log): Promise<void> {
  if (!findBinary('wrk')) throw new Error('wrk not found: apt-get install wrk');
  // --- ceilings -------------------------------------------------------------------------------
  const ceilings: Record<string, number | undefined> = {};
  for (const [file, label] of [
    ['bare_node.js', 'bare Node.js ceiling (../shared/bench/bare_node.js)'],
    ['express_min.js', 'minimal Express ceiling (../shared/bench/express_min.js)'],
  ] as const) {
    log(label);
    const server = await startShared(file);
    try {
      const { result } = await measure(`${server.url}/generic-sensor`, POST_LUA, 16);
      ceilings[file] = result.okPerSecond;
      rows.push({
        row: label,
        result: `${fmt(result.okPerSecond)} req/s`,
        p50: result.p50Ms,
        p99: result.p99Ms,
      });
    } finally {
      await server.proc.stop();
    }
  }

  // --- everything that needs InfluxDB ---------------------------------------------------------
  if (!findBinary('influxd')) {
    for (const row of [
      'single sample',
      'FastAPI peer',
      'Node-RED flow',
      'batch',
      'series',
      'raw InfluxDB /write',
    ]) {
      rows.push(notMeasured(row, 'influxd not found (apt-get install influxdb)'));
    }
  } else {
    const influx = new InfluxdServer();
    cleanups.push(() => influx.destroy());
    await influx.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'iiot-bench-'));
    try {
      await influxRows(influx, dataDir, rows, ceilings, log);
    } finally {
      await Proc.stopAll();
      await influx.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** RSS of the service with 100,000 detectors, and the detectors' heap alone. */
async function memoryRows(rows: Row[], log: Log): Promise<void> {
  // A plant's shape (many signals per machine) and the worst case (one per machine): line status
  // keeps a cell per machine, so the second also measures 100,000 machines' worth of it.
  for (const shape of [
    { machines: 1000, sensors: 100, judged: true },
    { machines: 100_000, sensors: 1, judged: false },
  ]) {
    log(`RSS with 100,000 detectors on ${shape.machines} machines`);
    rows.push(await detectorMemory(shape));
  }
  // The RSS rows' detectors have seen one sample each; these two also show them at steady state.
  log('detector heap after one sample and at steady state');
  rows.push(...detectorHeap({ machines: 1000, sensors: 100 }));
}

/** Detector and validation cost, measured in this process. */
async function inProcessRows(rows: Row[], log: Log): Promise<void> {
  log('detector and validation cost');
  const d = detectorCost(RUNS);
  rows.push({ row: 'detector cost: ZScoreDetector.score', result: `${fmt(d.scoreNs)} ns/sample` });
  rows.push({
    row: 'detector cost: registry look-up (100,000 series) + score',
    result: `${fmt(d.lookupAndScoreNs)} ns/sample`,
  });
  for (const v of await validationCost(RUNS)) {
    rows.push({
      row: `validation per ${v.what}`,
      result: `${fmt(v.compiledUs, 2)} µs compiled`,
      ratio: `${fmt(v.classValidatorUs, 2)} µs class-validator (${fmt(v.classValidatorUs / v.compiledUs, 0)}×)`,
    });
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await stopEverything();
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopEverything().then(() => process.exit(130)));
}

async function stopEverything(): Promise<void> {
  await Proc.stopAll();
  await Promise.allSettled(cleanups.map((c) => c()));
}
