import type { DetectionResult } from '../common/domain/sample';
import { ZScoreParams, validateZScoreParams } from './z-score.params';

/** What the analytics API shows about one detector's model. */
export interface ZScoreSnapshot {
  /** Values in the model; equals `window` once warmed up. */
  filled: number;
  mean: number;
  /** σ the next value is scored against (floored at minStd); 0 while warming up. */
  std: number;
  /** Samples scored so far (warm-up values are not scored). */
  scored: number;
  anomalyRatio: number;
  consecutiveAnomalies: number;
}

/** Flags per element of `flags`: 30 bits keep every element a V8 small integer. */
const FLAG_BITS = 30;
/** runValues of every detector without re-baselining (K = 0): never written. */
const NO_RUN: number[] = [];

/**
 * Streaming z-score detector (DESIGN "z-score semantics" 1–4 and 6). O(1) per value: the model's
 * mean and sum of squared deviations (M2) are kept by a windowed Welford update, because Σx² loses
 * every significant digit once values sit far from zero (1e6 ± 1). The running sums are also taken
 * about a shift near the model mean, so their rounding scales with σ rather than with the offset.
 * Rounding still accumulates, so the sums are recomputed exactly (O(W)) from the ring on re-baseline
 * and when a rough bound on the accumulated error gets near M2 (see the tolerances), and at least
 * once per RECOMPUTE_EVERY_WINDOWS·W updates. The soft trigger waits for W updates, so steady
 * signals pay amortised O(1).
 */
export class ZScoreDetector {
  private static readonly RECOMPUTE_EVERY_WINDOWS = 1000;
  /** Relative error bound on M2 that triggers a recompute once W updates have paid for it. */
  private static readonly SOFT_TOLERANCE = 1e-10;
  /**
   * Bound that triggers a recompute at once: reached when M2 collapses (the last far value of an
   * old level leaves the model). Values enter only with |z| ≤ T, so collapses are rare.
   */
  private static readonly HARD_TOLERANCE = 1e-8;

  readonly params: Readonly<ZScoreParams>;
  private readonly w: number;
  private readonly t: number;
  private readonly n: number;
  private readonly k: number;
  private readonly s: number;

  /**
   * Plain arrays, not Float64Array: a typed array of more than 64 bytes gets an off-heap backing
   * store with its own bookkeeping, ≈1 KB of RSS per detector beside 200 bytes of values, which
   * took 100,000 detectors well past 200 MB. Reads and writes cost the same.
   */
  private readonly model: number[];
  private filled = 0;
  /** Slot of the oldest model value once the model is full. */
  private oldest = 0;
  /** Reference value the running sums are taken about; `mean` is relative to it. */
  private shift = 0;
  private mean = 0;
  private m2 = 0;
  private updates = 0;
  /** Σ|x − old|·(magnitudes involved) since the last recompute: scales the rounding error bound. */
  private errorScale = 0;
  private readonly recomputeEvery: number;

  /**
   * One bit per scored sample of the last N (1 = anomaly), FLAG_BITS to a number: a small-integer
   * array costs a fraction of a typed array's object overhead (N = 25 fits in one element).
   */
  private readonly flags: number[];
  private flagPos = 0;
  private flagged = 0;
  private scored = 0;

  private run = 0;
  /** The newest min(K, W) values of the current anomaly run: only those can survive a re-baseline. */
  private readonly runValues: number[];

  constructor(params: ZScoreParams) {
    const problems = validateZScoreParams(params);
    if (problems.length > 0) {
      throw new RangeError(`Invalid z-score parameters: ${problems.join('; ')}`);
    }
    // Entries of the sensor catalog hand in frozen params shared by all their detectors.
    this.params = Object.isFrozen(params) ? params : Object.freeze({ ...params });
    this.w = params.window;
    this.t = params.threshold;
    this.n = params.ratioWindow;
    this.k = params.rebaselineAfter;
    this.s = params.minStd;
    this.model = new Array<number>(this.w).fill(0);
    this.flags = new Array<number>(Math.ceil(this.n / FLAG_BITS)).fill(0);
    this.runValues = this.k === 0 ? NO_RUN : new Array<number>(Math.min(this.k, this.w)).fill(0);
    this.recomputeEvery = this.w * ZScoreDetector.RECOMPUTE_EVERY_WINDOWS;
  }

  score(x: number): DetectionResult {
    // A NaN would poison the running sums for good; ingestion should never let one through.
    if (!Number.isFinite(x)) throw new RangeError(`Cannot score a non-finite value: ${x}`);
    if (this.filled < this.w) return this.warmUp(x);

    const sigma = this.sigma();
    const z = (x - this.shift - this.mean) / sigma;
    const mu = this.shift + this.mean;
    const anomaly = Math.abs(z) > this.t;

    const word = (this.flagPos / FLAG_BITS) | 0;
    const bit = 1 << (this.flagPos % FLAG_BITS);
    if (this.scored >= this.n && (this.flags[word] & bit) !== 0) this.flagged--;
    this.flags[word] = anomaly ? this.flags[word] | bit : this.flags[word] & ~bit;
    if (anomaly) this.flagged++;
    if (++this.flagPos === this.n) this.flagPos = 0;
    this.scored++;
    const anomalyRatio = this.flagged / (this.scored < this.n ? this.scored : this.n);

    if (anomaly) {
      if (this.k > 0) this.recordRun(x);
      else this.run++;
    } else {
      this.run = 0;
      this.replaceOldest(x);
    }
    return { anomaly, anomalyRatio, modelAvg: mu, modelStd: sigma, zScore: z, threshold: this.t };
  }

  snapshot(): ZScoreSnapshot {
    const warm = this.filled === this.w;
    const shown = this.scored < this.n ? this.scored : this.n;
    return {
      filled: this.filled,
      mean: this.shift + this.mean,
      std: warm ? this.sigma() : 0,
      scored: this.scored,
      anomalyRatio: shown === 0 ? 0 : this.flagged / shown,
      consecutiveAnomalies: this.run,
    };
  }

  private warmUp(x: number): DetectionResult {
    if (this.filled === 0) this.shift = x;
    this.model[this.filled++] = x;
    const xs = x - this.shift;
    const delta = xs - this.mean;
    this.mean += delta / this.filled;
    this.m2 += delta * (xs - this.mean);
    return {
      anomaly: false,
      anomalyRatio: 0,
      modelAvg: this.shift + this.mean,
      modelStd: 0,
      zScore: 0,
      threshold: this.t,
    };
  }

  private sigma(): number {
    const variance = this.m2 > 0 ? this.m2 / (this.w - 1) : 0;
    const std = Math.sqrt(variance);
    return std > this.s ? std : this.s;
  }

  /** Windowed Welford: swap the oldest value for x without ever forming Σx². */
  private replaceOldest(x: number): void {
    const old = this.model[this.oldest];
    this.model[this.oldest] = x;
    if (++this.oldest === this.w) this.oldest = 0;
    const xs = x - this.shift;
    const olds = old - this.shift;
    const oldMean = this.mean;
    const step = xs - olds;
    this.mean = oldMean + step / this.w;
    this.m2 += step * (xs - this.mean + olds - oldMean);
    this.errorScale += Math.abs(step) * (Math.abs(xs) + Math.abs(olds) + Math.abs(oldMean));
    const updates = ++this.updates;
    const bound = this.errorScale * updates * Number.EPSILON;
    if (
      bound > ZScoreDetector.HARD_TOLERANCE * this.m2 ||
      (updates >= this.w && bound > ZScoreDetector.SOFT_TOLERANCE * this.m2) ||
      updates >= this.recomputeEvery
    ) {
      this.recompute();
    }
  }

  private recordRun(x: number): void {
    const size = this.runValues.length;
    this.runValues[this.run % size] = x;
    if (++this.run < this.k) return;
    // The run is a new level, not a fault: the model moves there so it stops flagging it forever.
    for (let j = 0; j < size; j++) {
      const v = this.runValues[(this.k + j) % size];
      this.model[this.oldest] = v;
      if (++this.oldest === this.w) this.oldest = 0;
    }
    this.run = 0;
    this.recompute();
  }

  /** Exact two-pass mean and M2 of the model, re-centred on its mean. */
  private recompute(): void {
    let sum = 0;
    for (let i = 0; i < this.w; i++) sum += this.model[i];
    const shift = sum / this.w;
    let m2 = 0;
    let drift = 0;
    for (let i = 0; i < this.w; i++) {
      const d = this.model[i] - shift;
      m2 += d * d;
      drift += d;
    }
    // Corrected two-pass: `drift` is the rounding error the first pass left in the mean.
    this.shift = shift;
    this.mean = drift / this.w;
    this.m2 = m2 - (drift * drift) / this.w;
    this.updates = 0;
    this.errorScale = 0;
  }
}
