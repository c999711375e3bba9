import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { RUNS, T0, fmt, notMeasured } from './common';
import type { DetectorHeap, HeapFigures } from './detector-heap';
import { collectGarbage, startService } from './servers';
import { Row } from './table';
import { median } from './wrk';

const DETECTORS = 100_000;

/** How the 100,000 analysed series are spread: machines × analysed sensors per machine. */
export interface Shape {
  machines: number;
  sensors: number;
  /** Whether the ≤ 200 MB target is judged on this shape. */
  judged: boolean;
}

/**
 * RSS of the service process once 100,000 analysed series have sent a sample each (batches of
 * 10,000). Read as the OS sees it right after the load and again after a full garbage collection
 * (through the inspector): the latter is what the detectors and the rest of the service hold.
 */
export async function detectorMemory({ machines, sensors, judged }: Shape): Promise<Row> {
  const label = `service RSS with ${fmt(DETECTORS)} live detectors (${fmt(machines)} machines × ${fmt(sensors)} analysed sensors), after a full GC`;
  const after: number[] = [];
  const before: number[] = [];
  let baseline = 0;
  const names = Array.from({ length: sensors }, (_, i) => `a${i}`);
  for (let r = 0; r < RUNS; r++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'iiot-bench-rss-'));
    mkdirSync(join(dataDir, 'config'), { recursive: true });
    writeFileSync(
      join(dataDir, 'config', 'analytics_generic_sensors.json'),
      JSON.stringify({ sensors: names }),
    );
    const inspect = await freePort();
    const service = await startService({ DATA_DIR: dataDir, MES_DEMO_ORDER: 'false' }, [
      `--inspect=127.0.0.1:${inspect}`,
    ]);
    try {
      const metric = async (name: string) => {
        const text = await (await fetch(`${service.url}/metrics`)).text();
        return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      };
      baseline = await metric('process_resident_memory_bytes');
      for (let first = 0; first < DETECTORS; first += 10_000) {
        const Samples = Array.from({ length: 10_000 }, (_, i) => ({
          Type: 'sensor',
          MachineName: `m${Math.floor((first + i) / sensors)}`,
          SensorName: names[(first + i) % sensors],
          SensorValue: 1,
          TimeStamp: T0,
        }));
        const res = await fetch(`${service.url}/api/v1/ingest/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ LineName: 'rss', MachineName: 'm', Samples }),
        });
        if (res.status !== 202) throw new Error(`batch answered ${res.status}`);
      }
      const detectors = await metric('iiot_detectors');
      if (detectors !== DETECTORS) {
        return notMeasured(label, `the service reports ${detectors} detectors, not ${DETECTORS}`);
      }
      before.push(await metric('process_resident_memory_bytes'));
      if (!(await collectGarbage(inspect))) {
        return notMeasured(
          label,
          'no full GC through the inspector (needs node --experimental-websocket)',
        );
      }
      after.push(await metric('process_resident_memory_bytes'));
    } finally {
      await service.proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const mb = (bytes: number[]) => median(bytes) / 2 ** 20;
  return {
    row: label,
    result: `${fmt(mb(after))} MB`,
    ratio: `${fmt(mb(before))} MB before the GC; ${fmt(baseline / 2 ** 20)} MB right after start`,
    ...(judged ? { target: '≤ 200 MB', met: mb(after) <= 200 } : {}),
  };
}

/** Samples per series for the steady state: past W (100 by default) and the 64-deep resend memory. */
export const STEADY_SAMPLES = 128;

/**
 * What 100,000 detectors hold on the heap after one sample each (as in the RSS rows) and at steady
 * state (STEADY_SAMPLES each), after a full GC, in a fresh child process (detector-heap.ts). Two
 * rows, medians of RUNS children.
 */
export function detectorHeap({ machines, sensors }: Pick<Shape, 'machines' | 'sensors'>): Row[] {
  const runs = Array.from({ length: RUNS }, () => {
    const out = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        join(__dirname, 'detector-heap.js'),
        String(machines),
        String(sensors),
        String(STEADY_SAMPLES),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    return JSON.parse(out) as DetectorHeap;
  });
  const made = runs[0].detectors;
  if (made !== DETECTORS)
    return [notMeasured('detector heap', `${made} detectors made, not ${DETECTORS}`)];
  const shape = `${fmt(DETECTORS)} detectors (${fmt(machines)} machines × ${fmt(sensors)} sensors, default parameters)`;
  const row = (what: string, pick: (h: DetectorHeap) => HeapFigures): Row => {
    const heap = median(runs.map((h) => pick(h).heapBytes));
    const rss = median(runs.map((h) => pick(h).rssBytes));
    return {
      row: `detector heap with ${shape}, ${what}, after a full GC`,
      result: `${fmt(heap / 2 ** 20)} MB`,
      ratio: `${fmt(heap / DETECTORS)} bytes per detector; RSS +${fmt(rss / 2 ** 20)} MB`,
    };
  };
  return [
    row('one sample each', (h) => h.oneSample),
    row(`${STEADY_SAMPLES} samples each (steady state)`, (h) => h.steady),
  ];
}
