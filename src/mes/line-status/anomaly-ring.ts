/**
 * The last `capacity` anomalies (or anomaly events) in arrival order, overwriting the oldest: a
 * fixed memory bound however long the service runs, and O(1) per push.
 */
export class AnomalyRing<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`Anomaly ring capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.items.length;
  }

  push(entry: T): void {
    if (this.items.length < this.capacity) this.items.push(entry);
    else this.items[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  clear(): void {
    this.items.length = 0;
    this.next = 0;
  }

  /** Most recently pushed first (not necessarily by sample time). */
  newestFirst(): T[] {
    const n = this.items.length;
    const out: T[] = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = this.items[(this.next - 1 - i + n) % n];
    return out;
  }
}
