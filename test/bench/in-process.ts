import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { DetectorRegistry } from '../../src/anomaly-detection/detector-registry';
import { SensorCatalog } from '../../src/anomaly-detection/sensor-config';
import { ZScoreDetector } from '../../src/anomaly-detection/z-score-detector';
import { RequestValidationPipe } from '../../src/common/validation/validation.pipe';
import { BatchDto } from '../../src/ingestion/dto/batch.dto';
import { GenericSensorDto } from '../../src/ingestion/dto/generic-sensor.dto';
import { SeriesDto } from '../../src/ingestion/dto/series.dto';
import { median } from './wrk';

const PARAMS = { window: 25, threshold: 2, ratioWindow: 25, rebaselineAfter: 0, minStd: 0.001 };

/** Nanoseconds per call of `fn(i)`, median of `runs` timed rounds after one untimed round. */
function nsPer(n: number, runs: number, fn: (i: number) => void): number {
  const round = () => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    return Number(process.hrtime.bigint() - t) / n;
  };
  round();
  return median(Array.from({ length: runs }, round));
}

/** A noisy signal with a spike every 97 values, so some samples are anomalies. */
const signal = (i: number) =>
  20 + Math.sin(i * 0.7) + ((i * 7919) % 13) / 13 + (i % 97 === 0 ? 9 : 0);

export interface DetectorCost {
  /** One ZScoreDetector.score call (in time order). */
  scoreNs: number;
  /** Registry look-up by (line, machine, sensor) across 100,000 series, then score. */
  lookupAndScoreNs: number;
}

export function detectorCost(runs: number): DetectorCost {
  const detector = new ZScoreDetector(PARAMS);
  const scoreNs = nsPer(1_000_000, runs, (i) => detector.score(signal(i), i));
  const catalog = new SensorCatalog('sensor', 'bench', [{ name: 's0', params: PARAMS }]);
  const registry = new DetectorRegistry({
    sensor: catalog,
    vibration: new SensorCatalog('vibration', 'bench', []),
  });
  const machines = Array.from({ length: 100_000 }, (_, i) => `m${i}`);
  const lookupAndScoreNs = nsPer(1_000_000, runs, (i) =>
    registry.detectorFor('sensor', 'L', machines[(i * 7) % 100_000], 's0')!.score(signal(i), i),
  );
  return { scoreNs, lookupAndScoreNs };
}

export interface ValidationCost {
  what: string;
  /** µs per item on class-transformer + class-validator (the pipe's fallback, the only path before). */
  classValidatorUs: number;
  /** µs per item on the check compiled from the same metadata (the hot path now). */
  compiledUs: number;
}

const T0 = 1764000000000;

/** Validation cost per item of valid bodies, on both paths of RequestValidationPipe. */
export async function validationCost(runs: number): Promise<ValidationCost[]> {
  const pipe = new RequestValidationPipe();
  const single = {
    LineName: 'Line1',
    MachineName: 'Press 1',
    SensorName: 'Temp',
    SensorValue: 42.5,
    TimeStamp: T0,
  };
  const batch = {
    LineName: 'Line1',
    MachineName: 'Press 1',
    Samples: Array.from({ length: 1000 }, (_, i) =>
      i % 5 === 4
        ? { Type: 'state', StateName: 'Run', StateValue: i % 2, TimeStamp: T0 + i }
        : { Type: 'sensor', SensorName: `s${i % 8}`, SensorValue: signal(i), TimeStamp: T0 + i },
    ),
  };
  const series = {
    LineName: 'L',
    MachineName: 'M',
    SensorName: 's0',
    StartTime: T0,
    IntervalMs: 1,
    Values: Array.from({ length: 10_000 }, (_, i) => signal(i)),
  };
  const cases: Array<[string, object, new () => object, number, number]> = [
    ['single sample (GenericSensorDto)', single, GenericSensorDto, 1, 5000],
    ['batch item (BatchDto, 1,000 items)', batch, BatchDto, 1000, 20],
    ['series value (SeriesDto, 10,000 values)', series, SeriesDto, 10_000, 10],
  ];
  const out: ValidationCost[] = [];
  for (const [what, body, metatype, items, calls] of cases) {
    const meta = { type: 'body' as const, metatype };
    // Neither path changes a valid body (nothing to strip), so one body serves every call.
    const time = async (path: (b: object) => Promise<unknown>) => {
      const round = async () => {
        const t = process.hrtime.bigint();
        for (let c = 0; c < calls; c++) await path(body);
        return Number(process.hrtime.bigint() - t) / 1000 / calls / items;
      };
      await round();
      const times: number[] = [];
      for (let r = 0; r < runs; r++) times.push(await round());
      return median(times);
    };
    // structuredClone is inside both timings; it is measured alone and subtracted.
    const cloneUs = await time(async () => undefined);
    out.push({
      what,
      classValidatorUs:
        (await time((b) => ValidationPipe.prototype.transform.call(pipe, b, meta))) - cloneUs,
      compiledUs: (await time((b) => pipe.transform(b, meta))) - cloneUs,
    });
  }
  return out;
}
