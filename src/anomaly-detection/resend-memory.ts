import { copyState } from '../common/clone/copy-state';
import type { AnomalyEvent, DetectionResult } from '../common/domain/sample';
import { bitArray, bitAt, doubles, grownLength, resized, setBit } from './plain-arrays';

/** The numbers of one entry, side by side in `slots`; the rest of a result is stored apart. */
const TIME = 0;
const RATIO = 1;
const AVG = 2;
const STD = 3;
const Z = 4;
const STRIDE = 5;
/** An ended run in `events`: the entry it belongs to, start, end, samples, peakZ. */
const EVENT_STRIDE = 5;

/**
 * The last `capacity` scored samples of one series, by timestamp, with their results. Results are
 * kept as numbers, not as the objects handed out: holding on to one object per sample for 64
 * samples of each of 1,000 series gets most of them promoted by the garbage collector, which
 * measured ten times the cost of scoring itself. A recalled result is therefore an equal copy,
 * not the same object.
 *
 * Laid out for 100,000 series per process (docs/performance.md, memory): all numbers in one plain
 * array (see plain-arrays.ts), grown 1 → 2 → 4 … → `capacity` entries, so that a series that has
 * sent few samples holds few; anomaly flags are bits; the threshold, the same for every entry
 * unless the parameters changed, is kept once; ended runs, rare, are numbers too (no object handed
 * out outlives its request), in an array that exists only while one is held.
 */
export class ResendMemory {
  private slots: number[] = [];
  private readonly anomalies: number[];
  private size = 0;
  private next = 0;
  /** The threshold of the newest entry, and of every entry while `thresholds` is undefined. */
  private threshold = 0;
  /** Per-entry thresholds, only while the entries held do not share one. */
  private thresholds: number[] | undefined;
  /** How many of the newest entries have `threshold`; once all do, `thresholds` goes. */
  private sameThreshold = 0;
  /**
   * Ended runs, EVENT_STRIDE numbers each, a ring whose oldest is record `eventHead`; only while
   * one is held. Entries are overwritten oldest first, so an overwritten entry's run, if it has
   * one, is the oldest held: dropping it is O(1).
   */
  private events: number[] | undefined;
  private eventHead = 0;
  private eventCount = 0;

  constructor(readonly capacity: number) {
    this.anomalies = bitArray(capacity);
  }

  remember(time: number, r: DetectionResult): void {
    if (this.next === this.held()) this.grow();
    const i = this.next;
    const at = i * STRIDE;
    const slots = this.slots;
    slots[at + TIME] = time;
    slots[at + RATIO] = r.anomalyRatio;
    slots[at + AVG] = r.modelAvg;
    slots[at + STD] = r.modelStd;
    slots[at + Z] = r.zScore;
    setBit(this.anomalies, i, r.anomaly);
    this.rememberThreshold(i, r.threshold);
    this.rememberEvent(i, r.endedRun);
    if (++this.next === this.capacity) this.next = 0;
    if (this.size < this.capacity) this.size++;
  }

  /** A copy of the result remembered for `time`, if that timestamp is still held. */
  recall(time: number): DetectionResult | undefined {
    for (let i = 0; i < this.size; i++) if (this.slots[i * STRIDE] === time) return this.result(i);
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
      return { time: this.slots[i * STRIDE], result: this.result(i) };
    });
  }

  /** Entries room is allocated for. */
  private held(): number {
    return this.slots.length / STRIDE;
  }

  /**
   * Doubles the room, up to `capacity`. Only called while the ring has not wrapped, so the
   * entries held lie oldest first from 0 and keep their places.
   */
  private grow(): void {
    const held = grownLength(this.held(), this.capacity);
    this.slots = resized(this.slots, held * STRIDE);
    if (this.thresholds !== undefined) this.thresholds = resized(this.thresholds, held);
  }

  private rememberThreshold(i: number, threshold: number): void {
    if (this.size === 0 || Object.is(threshold, this.threshold)) {
      if (this.sameThreshold < this.capacity) this.sameThreshold++;
    } else {
      this.thresholds ??= new Array<number>(this.held()).fill(this.threshold);
      this.sameThreshold = 1;
    }
    this.threshold = threshold;
    if (this.thresholds === undefined) return;
    // The entry about to be written counts: `size` is not yet incremented for it.
    if (this.sameThreshold >= Math.min(this.size + 1, this.capacity)) this.thresholds = undefined;
    else this.thresholds[i] = threshold;
  }

  private rememberEvent(i: number, event: AnomalyEvent | undefined): void {
    if (this.eventCount > 0 && this.events![this.eventHead * EVENT_STRIDE] === i) {
      this.eventHead = (this.eventHead + 1) % this.eventRoom();
      if (--this.eventCount === 0) this.events = undefined;
    }
    if (event === undefined) return;
    if (this.eventCount === this.eventRoom()) this.growEvents();
    const at = ((this.eventHead + this.eventCount) % this.eventRoom()) * EVENT_STRIDE;
    const events = this.events!;
    events[at] = i;
    events[at + 1] = event.start;
    events[at + 2] = event.end;
    events[at + 3] = event.samples;
    events[at + 4] = event.peakZ;
    this.eventCount++;
  }

  /** Records `events` has room for (a ring, like the entries). */
  private eventRoom(): number {
    return this.events === undefined ? 0 : this.events.length / EVENT_STRIDE;
  }

  /** Twice the room, the held runs copied oldest first from record 0. */
  private growEvents(): void {
    const room = this.eventRoom();
    const next = doubles(Math.max(1, room * 2) * EVENT_STRIDE);
    for (let k = 0; k < this.eventCount; k++) {
      const from = ((this.eventHead + k) % room) * EVENT_STRIDE;
      for (let j = 0; j < EVENT_STRIDE; j++) next[k * EVENT_STRIDE + j] = this.events![from + j];
    }
    this.events = next;
    this.eventHead = 0;
  }

  /** Where entry `i`'s ended run lies in `events`, or -1. */
  private eventAt(i: number): number {
    for (let k = 0; k < this.eventCount; k++) {
      const at = ((this.eventHead + k) % this.eventRoom()) * EVENT_STRIDE;
      if (this.events![at] === i) return at;
    }
    return -1;
  }

  private result(i: number): DetectionResult {
    const at = i * STRIDE;
    const out: DetectionResult = {
      anomaly: bitAt(this.anomalies, i) === 1,
      anomalyRatio: this.slots[at + RATIO],
      modelAvg: this.slots[at + AVG],
      modelStd: this.slots[at + STD],
      zScore: this.slots[at + Z],
      threshold: this.thresholds === undefined ? this.threshold : this.thresholds[i],
    };
    const ev = this.eventAt(i);
    if (ev >= 0) {
      const e = this.events!;
      out.endedRun = { start: e[ev + 1], end: e[ev + 2], samples: e[ev + 3], peakZ: e[ev + 4] };
    }
    return out;
  }
}
