import type { RecentAnomaly } from './latest-state.types';

/**
 * The last `capacity` anomalies in arrival order, overwriting the oldest: a fixed memory bound
 * however long the service runs, and O(1) per push.
 */
export class AnomalyRing {
  private readonly items: RecentAnomaly[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`Anomaly ring capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.items.length;
  }

  push(entry: RecentAnomaly): void {
    if (this.items.length < this.capacity) this.items.push(entry);
    else this.items[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Most recently pushed first (not necessarily by sample time). */
  newestFirst(): RecentAnomaly[] {
    const n = this.items.length;
    const out: RecentAnomaly[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.items[(this.next - 1 - i + n) % n];
    return out;
  }
}
