/**
 * The batches the forwarder has sent and not yet confirmed, oldest first. Their writes may finish
 * in any order, but the journal's position may only move past a batch once it and every earlier
 * batch are in InfluxDB: a crash then replays from the first batch that may be missing, never
 * past it. So confirms run one at a time, in the order the batches were added, each after its own
 * write and every earlier confirm.
 */
export class ConfirmWindow<T> {
  private readonly items: T[] = [];
  private tail: Promise<void> = Promise.resolve();
  private halted = false;
  private confirmWaiters: Array<() => void> = [];

  /**
   * @param confirm moves the journal past one item; a failure is reported to `onError` and the
   *   window goes on (the journal's position has moved, only its cleanup failed)
   */
  constructor(
    private readonly confirm: (item: T) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Items added and neither confirmed nor given up. */
  get size(): number {
    return this.items.length;
  }

  /** The oldest item not yet confirmed. */
  get oldest(): T | undefined {
    return this.items[0];
  }

  /**
   * `stored` resolves true once InfluxDB has the item, false when it was given up (shutdown):
   * then neither it nor any later item is confirmed, and they stay in the journal. It must not
   * reject.
   */
  add(item: T, stored: Promise<boolean>): void {
    this.items.push(item);
    this.tail = this.tail.then(async () => {
      if (!(await stored)) this.halted = true;
      if (this.halted) return this.notify();
      try {
        await this.confirm(item);
      } catch (error) {
        this.onError(error);
      }
      this.items.shift();
      this.notify();
    });
  }

  /** Resolves at the next confirm (or give-up). */
  nextConfirm(): Promise<void> {
    return new Promise((resolve) => this.confirmWaiters.push(resolve));
  }

  /** Resolves once every item added so far is confirmed or given up. */
  settled(): Promise<void> {
    return this.tail;
  }

  private notify(): void {
    for (const resolve of this.confirmWaiters.splice(0)) resolve();
  }
}
