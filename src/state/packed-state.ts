import type { AnomalyEvent, DetectionResult } from '../common/domain/sample';
import {
  RESULT_NUMBERS,
  type ZScoreDetectorState,
} from '../anomaly-detection/z-score-detector.state';

/**
 * A detector's state as the snapshot file stores it: ZScoreDetectorState with its long number
 * lists (the model ring, the ratio flags, the run values and the 64 remembered results) as base64
 * of their doubles, in columns. Printing a double as decimal text and parsing it back costs
 * ≈ 0.2 µs, and a detector holds ≈ 550 of them: packed, a snapshot line is half the size and
 * written several times faster. Doubles are copied bit for bit.
 */
export interface PackedDetectorState {
  packed: 1;
  model: Omit<ZScoreDetectorState['model'], 'model' | 'flags' | 'runValues'> & {
    model: string;
    flags: string;
    runValues: string;
  };
  lastTime: number | null;
  openRun: AnomalyEvent | null;
  recent: {
    time: string;
    anomaly: string;
    anomalyRatio: string;
    modelAvg: string;
    modelStd: string;
    zScore: string;
    threshold: string;
    /** [entry index, start, end, samples, peakZ] of the entries that ended a run. */
    endedRuns: number[][];
  };
}

export function packDetectorState(state: ZScoreDetectorState): PackedDetectorState {
  const { model, flags, runValues, ...scalars } = state.model;
  const { recent } = state;
  const endedRuns: number[][] = [];
  for (let i = 0; i < recent.length; i++) {
    const e = recent[i].result.endedRun;
    if (e) endedRuns.push([i, e.start, e.end, e.samples, e.peakZ]);
  }
  const column = (read: (r: ZScoreDetectorState['recent'][number]) => number) =>
    f64(recent.length, (i) => read(recent[i]));
  const packedRecent = {
    time: column((r) => r.time),
    anomaly: column((r) => (r.result.anomaly ? 1 : 0)),
    endedRuns,
  } as PackedDetectorState['recent'];
  for (const key of RESULT_NUMBERS) packedRecent[key] = column((r) => r.result[key]);
  return {
    packed: 1,
    model: {
      ...scalars,
      model: f64(model.length, (i) => model[i]),
      flags: f64(flags.length, (i) => flags[i]),
      runValues: f64(runValues.length, (i) => runValues[i]),
    },
    lastTime: state.lastTime,
    openRun: state.openRun,
    recent: packedRecent,
  };
}

/** The ZScoreDetectorState packDetectorState() was given; fromJSON() then checks it in depth. */
export function unpackDetectorState(p: PackedDetectorState): ZScoreDetectorState {
  const { model, flags, runValues, ...scalars } = p.model;
  const times = numbers(p.recent.time);
  const columns = Object.fromEntries(RESULT_NUMBERS.map((key) => [key, numbers(p.recent[key])]));
  const anomaly = numbers(p.recent.anomaly);
  const recent = times.map((time, i) => {
    const result: DetectionResult = { anomaly: anomaly[i] === 1 } as DetectionResult;
    for (const key of RESULT_NUMBERS) result[key] = columns[key][i];
    return { time, result };
  });
  for (const [i, start, end, samples, peakZ] of p.recent.endedRuns) {
    recent[i].result.endedRun = { start, end, samples, peakZ };
  }
  return {
    version: 1,
    model: {
      ...scalars,
      model: numbers(model),
      flags: numbers(flags),
      runValues: numbers(runValues),
    },
    lastTime: p.lastTime,
    recent,
    openRun: p.openRun,
  };
}

export function isPacked(state: unknown): state is PackedDetectorState {
  return (
    typeof state === 'object' && state !== null && (state as { packed?: unknown }).packed === 1
  );
}

/**
 * One scratch buffer for every column: a typed array per column would cost an off-heap allocation
 * each, which measured more than the encoding itself.
 */
let scratch = new Float64Array(256);

function f64(length: number, at: (i: number) => number): string {
  if (scratch.length < length) scratch = new Float64Array(length * 2);
  for (let i = 0; i < length; i++) scratch[i] = at(i);
  return Buffer.from(scratch.buffer, 0, length * 8).toString('base64');
}

function numbers(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 8 !== 0) throw new RangeError('packed detector state: a column is torn');
  const copy = new Float64Array(bytes.length / 8);
  new Uint8Array(copy.buffer).set(bytes);
  return Array.from(copy);
}
