import { DETECTOR_PRESETS } from '../../config/app.config';
import { ZScoreDetector } from '../z-score-detector';
import type { ZScoreParams } from '../z-score.params';
import { gaussian, rng } from '../../common/random/random';

export interface DetectorCostOptions {
  /** Samples scored per timed round. Default 1,000,000. */
  samples?: number;
  /** Detectors the samples are spread over round-robin, as many series would be. Default 1. */
  series?: number;
  params?: ZScoreParams;
  /** Timed rounds; the median is reported. Default 5. */
  rounds?: number;
}

export interface DetectorCost {
  /** Median over the rounds of wall time per scored sample, ns. */
  nsPerSample: number;
  samplesPerSecond: number;
  samples: number;
  series: number;
  rounds: number;
  params: ZScoreParams;
}

/**
 * Cost of ZScoreDetector.score per sample, in-order samples after warm-up (the hot path of every
 * analysed sample), with a 6σ spike every 500 samples so the anomaly path is paid too. Meant to be
 * printed (by `npm run cost:detector` or the bench), never asserted: wall time depends on the
 * machine and on what else runs on it.
 */
export function measureDetectorCost(options: DetectorCostOptions = {}): DetectorCost {
  const samples = options.samples ?? 1_000_000;
  const series = options.series ?? 1;
  const rounds = options.rounds ?? 5;
  const params = options.params ?? DETECTOR_PRESETS.measured;
  const rand = rng(7);
  const values = Float64Array.from({ length: 65_536 }, (_, i) =>
    i % 500 === 499 ? 106 : 100 + gaussian(rand),
  );
  const mask = values.length - 1;
  let time = 0;
  const detectors = Array.from({ length: series }, () => new ZScoreDetector(params));
  const run = (count: number): number => {
    let flagged = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const detector = detectors[i % series];
      if (detector.score(values[(time + i) & mask], time + i).anomaly) flagged++;
    }
    const ns = Number(process.hrtime.bigint() - start);
    time += count;
    // Using the result keeps the loop from being optimised away.
    if (flagged < 0) throw new Error('unreachable');
    return ns / count;
  };
  // Warm-up: fills every model and lets V8 optimise the loop before anything is timed.
  run(Math.max(series * (params.window + 1), 200_000));
  const perRound = Array.from({ length: rounds }, () => run(samples)).sort((a, b) => a - b);
  const nsPerSample = perRound[Math.floor(rounds / 2)];
  return {
    nsPerSample,
    samplesPerSecond: 1e9 / nsPerSample,
    samples,
    series,
    rounds,
    params,
  };
}

function describe(label: string, c: DetectorCost): string {
  const rate = Math.round(c.samplesPerSecond).toLocaleString('en-US');
  return `${label.padEnd(34)} ${c.nsPerSample.toFixed(1).padStart(7)} ns/sample  ${rate.padStart(12)} samples/s`;
}

/** `npm run cost:detector`: prints the cost for the defaults and the old parameters. */
if (require.main === module) {
  const out = process.stdout;
  out.write(
    `ZScoreDetector.score, median of 5 rounds of 1,000,000 samples (Node ${process.version})\n`,
  );
  for (const [name, params] of Object.entries(DETECTOR_PRESETS)) {
    for (const series of [1, 1000]) {
      out.write(
        `${describe(`${name}, ${series} series`, measureDetectorCost({ params, series }))}\n`,
      );
    }
  }
}
