import { DETECTOR_PRESETS } from '../config/app.config';
import { scoreDetection } from './detection-score';
import { SENSOR_NAMES, SimulatedMachine } from './machine';
import type { SimulatorOptions } from './options';
import { BatchMode, SimulatedPlc } from './plc';
import { PlcConnection } from './plc-connection';
import { Progress } from './progress';
import { FlaggedSample, readAnalysedSensors, readFlagged } from './service-api';
import { RunStats } from './stats';
import { RunSummary, summarize } from './summary';

/** The service's default window when its detectors list cannot be read. */
const ASSUMED_WARMUP = DETECTOR_PRESETS.measured.window;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Station {
  line: string;
  machineName: string;
  machine: SimulatedMachine;
  plc: SimulatedPlc;
  connection: PlcConnection;
}

/**
 * A run: read which sensors are analysed, sample every machine on one clock, let each PLC send
 * on its own connection, drain, then compare the service's anomalies with the injected labels.
 */
export async function runSimulation(
  o: SimulatorOptions,
  out: NodeJS.WriteStream,
  stop?: AbortSignal,
): Promise<RunSummary> {
  const stats = new RunStats();
  const notices: string[] = [];
  const names = Object.values(SENSOR_NAMES);
  const evalKey = o.evalKey ?? o.key;
  const discovered = await readAnalysedSensors(o.url, evalKey, names);
  const analysed = discovered.ok ? discovered.value.analysed : new Set(names);
  const warmup = discovered.ok ? discovered.value.warmup : ASSUMED_WARMUP;
  if (!discovered.ok) {
    notices.push(
      `${discovered.reason}; assumed ${names.join(', ')} analysed with a ${ASSUMED_WARMUP}-sample window`,
    );
  }

  const batch = new BatchMode(o.batch);
  const stations: Station[] = [];
  for (let l = 1; l <= o.lines; l++) {
    for (let m = 1; m <= o.machines; m++) {
      const line = `${o.linePrefix}${l}`;
      const machineName = `Machine${m}`;
      const seed = (o.seed * 1_000_003 + stations.length * 7919) >>> 0;
      const connection = new PlcConnection(o.url, o.key, o.timeout);
      const machine = new SimulatedMachine({
        line,
        machine: machineName,
        seed,
        rateHz: o.rate,
        anomalyRate: o.anomalyRate,
        analysed,
        warmup,
      });
      const plc = new SimulatedPlc(connection, stats, batch, {
        bufferLimit: o.bufferLimit,
        maxBatch: o.batchSize,
      });
      stations.push({ line, machineName, machine, plc, connection });
    }
  }

  out.write(
    `Simulating ${o.lines} line(s) × ${o.machines} machine(s) at ${o.rate} Hz for ${o.duration} s → ${o.url}` +
      `${o.batch ? ' (batches)' : ''}\n`,
  );
  const backlog = () => stations.reduce((a, s) => a + s.plc.backlog, 0);
  const progress = new Progress(stats, out, backlog);
  const runs = stations.map((s) => s.plc.run());
  const labels: FlaggedSample[] = [];
  const start = Date.now();
  const periodMs = 1000 / o.rate;
  const cycles = Math.max(1, Math.round(o.duration * o.rate));
  let lastTime = start;
  progress.start();
  for (let next = 0; next < cycles && !stop?.aborted;) {
    const due = Math.min(cycles, Math.floor((Date.now() - start) / periodMs) + 1);
    for (; next < due; next++) {
      // rate ≤ 1000 Hz, so TimeStamps are distinct per series: the service takes a repeat as a resend.
      lastTime = start + Math.round(next * periodMs);
      for (const s of stations) {
        const samples = s.machine.cycle(lastTime);
        for (const x of samples) {
          if (x.kind !== 'state' && x.injected) {
            labels.push({ line: x.line, machine: x.machine, sensor: x.name, time: x.time });
          }
        }
        s.plc.enqueue(samples);
      }
    }
    await sleep(Math.max(1, start + next * periodMs - Date.now()));
  }
  const drainUntil = Date.now() + o.drain * 1000;
  for (const s of stations) s.plc.finish(drainUntil);
  await Promise.all(runs);
  progress.stop();
  const elapsedS = (Date.now() - start) / 1000;
  await Promise.all(stations.map((s) => s.connection.close()));
  if (batch.notice) notices.push(batch.notice);

  const detection = await evaluate(o, evalKey, stations, analysed, labels, start, lastTime);
  return summarize(stats, {
    target: o.url,
    mode: batch.enabled ? 'batch' : 'single',
    notices,
    lines: o.lines,
    machines: o.machines,
    rateHz: o.rate,
    elapsedS,
    analysed: [...analysed],
    detection,
  });
}

async function evaluate(
  o: SimulatorOptions,
  key: string | undefined,
  stations: Station[],
  analysed: Set<string>,
  labels: FlaggedSample[],
  from: number,
  to: number,
): Promise<RunSummary['detection']> {
  if (analysed.size === 0) return { skipped: 'the service analyses none of the simulated sensors' };
  const series = new Set(stations.flatMap((s) => names(s, analysed)));
  const flagged: FlaggedSample[] = [];
  for (const line of new Set(stations.map((s) => s.line))) {
    const read = await readFlagged(o.url, key, line, from, to);
    if (!read.ok) return { skipped: read.reason };
    // Only this run's series: other PLCs may post to the same line.
    flagged.push(
      ...read.value.filter((f) => series.has(`${f.line}\u0000${f.machine}\u0000${f.sensor}`)),
    );
  }
  return scoreDetection(labels, flagged);
}

function names(s: Station, analysed: Set<string>): string[] {
  return [...analysed].map((sensor) => `${s.line}\u0000${s.machineName}\u0000${sensor}`);
}
