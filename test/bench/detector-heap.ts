import { DetectorRegistry } from '../../src/anomaly-detection/detector-registry';
import { SensorCatalog } from '../../src/anomaly-detection/sensor-config';
import { DETECTOR_PRESETS } from '../../src/config/app.config';

/**
 * Child process of the bench (memory.ts, detectorHeap), run with --expose-gc: the memory that
 * `machines` × `sensors` detectors hold, made by the registry as the service makes them (default
 * parameters, one frozen params object per config entry), after one sample each and after
 * `samples` each, each read after a full GC. Prints one JSON line of DetectorHeap.
 *
 * In a process of its own because the service cannot be fed 100,000 × 128 samples in a bench's
 * time (12.8 million samples through HTTP), and a fresh process has nothing else on its heap.
 */

export interface HeapFigures {
  /** V8 heap in use, plus memory outside it (typed arrays' backing stores), over the baseline. */
  heapBytes: number;
  /** Resident set over the baseline. */
  rssBytes: number;
}

export interface DetectorHeap {
  detectors: number;
  oneSample: HeapFigures;
  steady: HeapFigures;
}

const T0 = 1764000000000;

function main(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const [machines, sensors, samples] = process.argv.slice(2).map(Number);
  const names = Array.from({ length: sensors }, (_, i) => `a${i}`);
  const machineNames = Array.from({ length: machines }, (_, i) => `m${i}`);
  const entries = names.map((name) => ({
    name,
    params: Object.freeze({ ...DETECTOR_PRESETS.measured }),
  }));
  const registry = new DetectorRegistry({
    sensor: new SensorCatalog('sensor', 'bench', entries),
    vibration: new SensorCatalog('vibration', 'bench', []),
  });
  // Noise about 20 with a 6σ spike now and then, so anomaly runs open and end (events).
  const value = (i: number, series: number) =>
    20 + ((i * 7919 + series * 104729) % 1000) / 1000 + ((i + series) % 211 === 0 ? 6 : 0);
  const feed = (i: number) => {
    for (let m = 0; m < machines; m++) {
      for (let s = 0; s < sensors; s++) {
        const detector = registry.detectorFor('sensor', 'bench', machineNames[m], names[s])!;
        detector.score(value(i, m * sensors + s), T0 + i * 1000);
      }
    }
  };
  const used = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { heap: m.heapUsed + m.external, rss: m.rss };
  };
  const base = used();
  const over = (now: { heap: number; rss: number }): HeapFigures => ({
    heapBytes: now.heap - base.heap,
    rssBytes: now.rss - base.rss,
  });
  feed(0);
  const oneSample = over(used());
  for (let i = 1; i < samples; i++) feed(i);
  const steady = over(used());
  // Read after the last measurement, so the registry is alive through it.
  const result: DetectorHeap = { detectors: registry.liveDetectors().length, oneSample, steady };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
