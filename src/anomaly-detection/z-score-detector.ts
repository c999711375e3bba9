import type { AnomalyEvent, DetectionResult } from '../common/domain/sample';
import { ResendMemory } from './resend-memory';
import { ZScoreModel, ZScoreSnapshot } from './z-score';
import type { ZScoreParams } from './z-score.params';
import { ZScoreDetectorState, checkDetectorState } from './z-score-detector.state';

/** DESIGN 5: a sample whose timestamp is one of this many last scored ones is a resend. */
export const RESEND_MEMORY = 64;

/**
 * One series' detector: the z-score model fed in timestamp order, plus what ordering needs
 * (DESIGN "z-score semantics" 5) and the anomaly runs that become events.
 *
 * - A newer sample is scored and updates the model.
 * - A sample with the timestamp of one of the last RESEND_MEMORY scored samples is a resend (a PLC
 *   retrying after a 503 or timeout, when the first attempt may already have been scored): it gets
 *   (a copy of) the result it got the first time and touches nothing, so what is written twice is
 *   identical.
 * - Any other older sample is late: scored against the current model, which it does not change.
 *
 * A run of anomalies (in-order samples only) ends at the next normal sample, which carries the
 * run as `endedRun`, so the event is written in the same request as that sample and is as durable.
 */
export class ZScoreDetector {
  private model: ZScoreModel;
  private lastTime = Number.NEGATIVE_INFINITY;
  private readonly recent = new ResendMemory(RESEND_MEMORY);
  /**
   * The open run of anomalies; none is open when undefined or samples = 0. Created by the run's
   * first anomaly: most series have none open, and 100,000 of them are kept (docs/performance.md).
   */
  private run: AnomalyEvent | undefined;

  constructor(params: ZScoreParams) {
    this.model = new ZScoreModel(params);
  }

  get params(): Readonly<ZScoreParams> {
    return this.model.params;
  }

  /** Scores the value `x` of the sample taken at `time` (epoch ms). */
  score(x: number, time: number): DetectionResult {
    if (time > this.lastTime) {
      const result = this.model.score(x);
      this.trackRun(time, result);
      this.recent.remember(time, result);
      this.lastTime = time;
      return result;
    }
    // Only samples not newer than the last one get here, so the scan stays off the hot path.
    const first = this.recent.recall(time);
    if (first !== undefined) return first;
    const late = this.model.peek(x);
    this.recent.remember(time, late);
    return late;
  }

  snapshot(): ZScoreSnapshot {
    return this.model.snapshot();
  }

  /**
   * Forgets the model (it warms up again). The resend memory and the open run stay: a resend still
   * gets its first answer, and the next normal sample still closes the run as an event.
   */
  reset(): void {
    this.model = new ZScoreModel(this.model.params);
  }

  /** Applies new parameters to the history kept so far (see ZScoreModel.withParams). */
  setParams(params: ZScoreParams): void {
    this.model = this.model.withParams(params);
  }

  /**
   * An independent copy taken in a few microseconds, so that a snapshot of many detectors can be
   * captured at one instant and turned into JSON afterwards, bit by bit, while scoring goes on.
   */
  clone(): ZScoreDetector {
    const copy = Object.create(ZScoreDetector.prototype) as ZScoreDetector;
    return Object.assign(copy, {
      model: this.model.clone(),
      lastTime: this.lastTime,
      recent: this.recent.clone(),
      run: this.run && { ...this.run },
    });
  }

  /** Everything needed to continue exactly where this detector is, as plain JSON. */
  toJSON(): ZScoreDetectorState {
    return {
      version: 1,
      model: this.model.toJSON(),
      lastTime: Number.isFinite(this.lastTime) ? this.lastTime : null,
      recent: this.recent.entries(),
      openRun: this.run !== undefined && this.run.samples > 0 ? { ...this.run } : null,
    };
  }

  /** Restores toJSON()'s output (e.g. after JSON.parse); throws a RangeError when it is invalid. */
  static fromJSON(state: unknown): ZScoreDetector {
    checkDetectorState(state);
    const model = ZScoreModel.fromJSON(state.model);
    const detector = new ZScoreDetector(model.params);
    detector.model = model;
    detector.lastTime = state.lastTime ?? Number.NEGATIVE_INFINITY;
    for (const { time, result } of state.recent) detector.recent.remember(time, result);
    if (state.openRun !== null) detector.run = { ...state.openRun };
    return detector;
  }

  private trackRun(time: number, result: DetectionResult): void {
    if (result.anomaly) {
      const run = (this.run ??= { start: 0, end: 0, samples: 0, peakZ: 0 });
      if (run.samples === 0) run.start = time;
      run.end = time;
      run.samples++;
      if (Math.abs(result.zScore) > Math.abs(run.peakZ)) run.peakZ = result.zScore;
    } else if (this.run !== undefined && this.run.samples > 0) {
      // Handed over, not copied: the detector lets go of it, and the resend memory keeps numbers.
      result.endedRun = this.run;
      this.run = undefined;
    }
  }
}
