import { copyState } from '../common/clone/copy-state';
import type { AnomalyEvent, DetectionResult } from '../common/domain/sample';

/**
 * The last `capacity` scored samples of one series, by timestamp, with their results. Results are
 * kept as numbers in typed arrays, not as the objects handed out: holding on to one object per
 * sample for 64 samples of each of 1,000 series gets most of them promoted by the garbage
 * collector, which measured ten times the cost of scoring itself. A recalled result is therefore
 * an equal copy, not the same object.
 */
export class ResendMemory {
  private readonly times: Float64Array;
  private readonly anomaly: Uint8Array;
  private readonly ratio: Float64Array;
  private readonly avg: Float64Array;
  private readonly std: Float64Array;
  private readonly z: Float64Array;
  private readonly threshold: Float64Array;
  /** Sparse: only the rare result that ended an anomaly run has an entry. */
  private readonly events: Array<AnomalyEvent | undefined>;
  private size = 0;
  private next = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.anomaly = new Uint8Array(capacity);
    this.ratio = new Float64Array(capacity);
    this.avg = new Float64Array(capacity);
    this.std = new Float64Array(capacity);
    this.z = new Float64Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.events = new Array<AnomalyEvent | undefined>(capacity).fill(undefined);
  }

  remember(time: number, r: DetectionResult): void {
    const i = this.next;
    this.times[i] = time;
    this.anomaly[i] = r.anomaly ? 1 : 0;
    this.ratio[i] = r.anomalyRatio;
    this.avg[i] = r.modelAvg;
    this.std[i] = r.modelStd;
    this.z[i] = r.zScore;
    this.threshold[i] = r.threshold;
    this.events[i] = r.endedRun;
    if (++this.next === this.capacity) this.next = 0;
    if (this.size < this.capacity) this.size++;
  }

  /** A copy of the result remembered for `time`, if that timestamp is still held. */
  recall(time: number): DetectionResult | undefined {
    for (let i = 0; i < this.size; i++) if (this.times[i] === time) return this.result(i);
    return undefined;
  }

  /** An independent copy (the arrays are copied; remembered events are never changed). */
  clone(): ResendMemory {
    return copyState(this);
  }

  /** Oldest first. */
  entries(): Array<{ time: number; result: DetectionResult }> {
    const start = this.size < this.capacity ? 0 : this.next;
    return Array.from({ length: this.size }, (_, k) => {
      const i = (start + k) % this.capacity;
      return { time: this.times[i], result: this.result(i) };
    });
  }

  private result(i: number): DetectionResult {
    const out: DetectionResult = {
      anomaly: this.anomaly[i] === 1,
      anomalyRatio: this.ratio[i],
      modelAvg: this.avg[i],
      modelStd: this.std[i],
      zScore: this.z[i],
      threshold: this.threshold[i],
    };
    const event = this.events[i];
    if (event !== undefined) out.endedRun = { ...event };
    return out;
  }
}
