import type { DetectionResult } from '../common/domain/sample';
import { ZScoreParams, checkZScoreParams } from './z-score.params';
import { ZScoreModelState, checkModelState, ring } from './z-score.state';
import { copyState } from '../common/clone/copy-state';
import {
  bitArray,
  bitAt,
  bitsToArray,
  doubles,
  grownLength,
  resized,
  setBit,
} from './plain-arrays';

/** The model's number-valued fields, serialised as they are. */
const SCALAR_STATE = [
  'oldest',
  'shift',
  'mean',
  'm2',
  'updates',
  'errorScale',
  'flagPos',
  'flagged',
  'scored',
  'run',
] as const;

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

/**
 * Streaming z-score model (DESIGN "z-score semantics" 1–4 and 6), for values in timestamp order.
 * O(1) per value: the model's mean and sum of squared deviations (M2) are kept by a windowed
 * Welford update, because Σx² loses every significant digit once values sit far from zero
 * (1e6 ± 1). The running sums are also taken about a shift near the model mean, so their rounding
 * scales with σ rather than with the offset. Rounding still accumulates, so the sums are recomputed
 * exactly (O(W)) from the ring on re-baseline and when a rough bound on the accumulated error gets
 * near M2 (see the tolerances), and at least once per RECOMPUTE_EVERY_WINDOWS·W updates. The soft
 * trigger waits for W updates, so steady signals pay amortised O(1).
 */
export class ZScoreModel {
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
   * Plain arrays (see plain-arrays.ts); the ring grows while warming up (1 → 2 → 4 … → W), so a
   * series that has sent few values holds few.
   */
  private model: number[] = [];
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

  /** One bit per scored sample of the last N: 1 = anomaly. */
  private readonly flags: number[];
  private flagPos = 0;
  private flagged = 0;
  private scored = 0;

  private run = 0;
  /**
   * The newest min(K, W) values of the current anomaly run: only those can survive a re-baseline.
   * Allocated at the first anomaly of a model that re-baselines; all 0 until then.
   */
  private runValues: number[] | undefined;

  constructor(params: ZScoreParams) {
    checkZScoreParams(params);
    // Entries of the sensor catalog hand in frozen params shared by all their detectors.
    this.params = Object.isFrozen(params) ? params : Object.freeze({ ...params });
    this.w = params.window;
    this.t = params.threshold;
    this.n = params.ratioWindow;
    this.k = params.rebaselineAfter;
    this.s = params.minStd;
    this.flags = bitArray(this.n);
    this.recomputeEvery = this.w * ZScoreModel.RECOMPUTE_EVERY_WINDOWS;
  }

  /** Scores the next value in time order and lets it update the model. */
  score(x: number): DetectionResult {
    // A NaN would poison the running sums for good; ingestion should never let one through.
    if (!Number.isFinite(x)) throw new RangeError(`Cannot score a non-finite value: ${x}`);
    if (this.filled < this.w) return this.warmUp(x);

    const result = this.judge(x);
    const anomaly = result.anomaly;
    if (this.scored >= this.n) this.flagged -= bitAt(this.flags, this.flagPos);
    setBit(this.flags, this.flagPos, anomaly);
    if (anomaly) this.flagged++;
    if (++this.flagPos === this.n) this.flagPos = 0;
    this.scored++;

    if (anomaly) {
      if (this.k > 0) this.recordRun(x);
      else this.run++;
    } else {
      this.run = 0;
      this.replaceOldest(x);
    }
    return result;
  }

  /**
   * Scores a value as if it came next, and forgets it (DESIGN 5: a late sample is scored against
   * the current model without changing it): nothing of the model, ratio or run moves.
   */
  peek(x: number): DetectionResult {
    if (!Number.isFinite(x)) throw new RangeError(`Cannot score a non-finite value: ${x}`);
    if (this.filled === this.w) return this.judge(x);
    const avg = this.shift + this.mean + (x - this.shift - this.mean) / (this.filled + 1);
    return this.warmUpResult(avg);
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

  /**
   * The whole state, running sums included, so that a restored model continues bit for bit.
   * Rings are stored as they lie in memory (their summation order matters for that).
   */
  toJSON(): ZScoreModelState {
    const state = {
      params: { ...this.params },
      model: this.model.slice(0, this.filled),
      flags: bitsToArray(this.flags, Math.min(this.scored, this.n)),
      runValues: this.runValues?.slice() ?? doubles(this.runLength()),
    } as ZScoreModelState;
    for (const key of SCALAR_STATE) state[key] = this[key];
    return state;
  }

  /** An independent copy, cheap (its rings are copied as memory): for snapshots. */
  clone(): ZScoreModel {
    return copyState(this);
  }

  /** Restores a model from toJSON(); throws a RangeError naming what is inconsistent. */
  static fromJSON(state: ZScoreModelState): ZScoreModel {
    checkModelState(state);
    const m = new ZScoreModel(state.params);
    m.model = resized(state.model, state.model.length);
    state.flags.forEach((f, i) => setBit(m.flags, i, f === 1));
    // Kept unallocated when all 0, as in a model that never had an anomaly run (JSON has no -0).
    if (state.runValues.some((v) => !Object.is(v, 0)))
      m.runValues = resized(state.runValues, m.runLength());
    m.filled = state.model.length;
    for (const key of SCALAR_STATE) m[key] = state[key];
    return m;
  }

  /**
   * The same history under other parameters: the newest W' model values (fewer than W' means
   * warming up again) and the newest N' anomaly flags are kept; the anomaly run starts anew.
   */
  withParams(params: ZScoreParams): ZScoreModel {
    const next = new ZScoreModel(params);
    const values = ring(this.model, this.filled, this.filled === this.w ? this.oldest : 0);
    for (const v of values.slice(-next.w)) next.warmUp(v);
    // The ratio window as if written from slot 0: flags older than the ones kept (N' > N) are
    // unknown and count as normal.
    const shown = Math.min(this.scored, this.n);
    const flags = bitsToArray(this.flags, shown);
    const kept = ring(flags, shown, this.scored >= this.n ? this.flagPos : 0).slice(-next.n);
    const count = Math.min(this.scored, next.n);
    kept.forEach((f, i) => setBit(next.flags, count - kept.length + i, f === 1));
    next.flagged = kept.reduce((a, f) => a + f, 0);
    next.flagPos = count % next.n;
    next.scored = this.scored;
    return next;
  }

  /** z, verdict and ratio of x against the full model, as if x were appended; changes nothing. */
  private judge(x: number): DetectionResult {
    const sigma = this.sigma();
    const mu = this.shift + this.mean;
    const z = (x - this.shift - this.mean) / sigma;
    const anomaly = Math.abs(z) > this.t;
    const evicted = this.scored >= this.n ? bitAt(this.flags, this.flagPos) : 0;
    const count = this.scored < this.n ? this.scored + 1 : this.n;
    const anomalyRatio = (this.flagged - evicted + (anomaly ? 1 : 0)) / count;
    return { anomaly, anomalyRatio, modelAvg: mu, modelStd: sigma, zScore: z, threshold: this.t };
  }

  private warmUp(x: number): DetectionResult {
    if (this.filled === 0) this.shift = x;
    if (this.filled === this.model.length) {
      this.model = resized(this.model, grownLength(this.filled, this.w));
    }
    this.model[this.filled++] = x;
    const xs = x - this.shift;
    const delta = xs - this.mean;
    this.mean += delta / this.filled;
    this.m2 += delta * (xs - this.mean);
    return this.warmUpResult(this.shift + this.mean);
  }

  private warmUpResult(modelAvg: number): DetectionResult {
    return { anomaly: false, anomalyRatio: 0, modelAvg, modelStd: 0, zScore: 0, threshold: this.t };
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
      bound > ZScoreModel.HARD_TOLERANCE * this.m2 ||
      (updates >= this.w && bound > ZScoreModel.SOFT_TOLERANCE * this.m2) ||
      updates >= this.recomputeEvery
    ) {
      this.recompute();
    }
  }

  private runLength(): number {
    return Math.min(this.k, this.w);
  }

  private recordRun(x: number): void {
    const size = this.runLength();
    const runValues = (this.runValues ??= doubles(size));
    runValues[this.run % size] = x;
    if (++this.run < this.k) return;
    // The run is a new level, not a fault: the model moves there so it stops flagging it forever.
    for (let j = 0; j < size; j++) {
      const v = runValues[(this.k + j) % size];
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
