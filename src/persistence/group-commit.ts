/** What happens to a batch whose flush failed. */
export type FailureDecision =
  /** Reject every request with a part in the batch (with `error`, else the flush's own error). */
  | { action: 'fail'; error?: Error }
  /** Put the batch back at the head of the queue and flush again after `delayMs`. */
  | { action: 'retry'; delayMs: number }
  /**
   * Flush each request's part alone, so one request's bad data cannot fail another's; a batch of
   * one request fails at once (with `error`, else the flush's own error).
   */
  | { action: 'isolate'; error?: Error };

export interface GroupCommitOptions<T> {
  /** Most items in one flush; a larger request is split and settles when all its parts have. */
  maxBatch: number;
  /** Makes items durable; resolves only when they are. */
  flush: (items: T[]) => Promise<void>;
  /** Default: fail. `attempt` counts consecutive failed flushes; `requests` those in the batch. */
  onFailure?: (error: unknown, batch: { attempt: number; requests: number }) => FailureDecision;
  /** A request not settled this long after enqueue is rejected with `expired(lastError)`. */
  maxWaitMs?: number;
  expired?: (lastError: unknown) => Error;
  /** With maxConcurrent > 1: queued items wait at most this long for a flush in flight to end. */
  maxQueueDelayMs?: number;
  maxConcurrent?: number;
}

interface Request {
  remaining: number;
  settled: boolean;
  enqueuedAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Items [start, end) of one request; `solo` parts are flushed alone (see 'isolate'). A `barrier`
 * part holds no items: no batch crosses it, and it is passed once everything before it settled.
 */
interface Part<T> {
  request: Request;
  items: readonly T[];
  start: number;
  end: number;
  solo: boolean;
  barrier?: () => void;
}

/**
 * Group commit: an idle batcher flushes at once (at the end of the current event-loop turn, so
 * requests arriving together share a flush); requests arriving while a flush is in flight wait and
 * go together into the next one. No timer runs while idle. Each request's promise settles with the
 * outcome of its own items only, and resolves only after every one of its items was flushed.
 */
export class GroupCommit<T> {
  private readonly queue: Part<T>[] = [];
  private readonly pending = new Set<Request>();
  private readonly idleWaiters: Array<() => void> = [];
  private inFlight = 0;
  private backlogItems = 0;
  private failures = 0;
  private lastError: unknown;
  private pausedUntil = 0;
  private pumpScheduled = false;
  private pumpTimer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;

  constructor(private readonly options: GroupCommitOptions<T>) {
    if (!(options.maxBatch >= 1)) throw new Error('maxBatch must be at least 1');
  }

  /** Items accepted and not yet durable (queued or in flight). */
  get backlog(): number {
    return this.backlogItems;
  }

  enqueue(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const request = {
        remaining: items.length,
        settled: false,
        enqueuedAt: now(),
        resolve,
        reject,
      };
      this.pending.add(request);
      this.backlogItems += items.length;
      this.queue.push({ request, items, start: 0, end: items.length, solo: false });
      this.armExpiry();
      this.schedulePump();
    });
  }

  /** At the end of this event-loop turn, so requests arriving together share a flush. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Resolves with `reached()`, called at the one instant every item enqueued before this call has
   * settled and no flush is in flight, and before any item enqueued after it is flushed: what the
   * flush function made durable up to then is exactly the earlier items. Snapshots of state derived
   * from the items use it to know where in the durable log they stand.
   */
  barrier<R>(reached: () => R): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const request: Request = {
        remaining: 0,
        settled: false,
        enqueuedAt: now(),
        resolve: () => undefined,
        reject,
      };
      const pass = () => {
        request.settled = true;
        try {
          resolve(reached());
        } catch (error) {
          reject(error);
        }
      };
      this.queue.push({ request, items: [], start: 0, end: 0, solo: false, barrier: pass });
      this.schedulePump();
    });
  }

  /** Ends a retry pause early, e.g. when a probe found the storage back. */
  resume(): void {
    this.pausedUntil = 0;
    this.pump();
  }

  /** Resolves once every request enqueued so far has settled and no flush is in flight. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    for (;;) {
      const waitMs = this.waitBeforeNextFlush();
      if (waitMs === undefined) return;
      if (waitMs > 0) {
        this.pumpTimer = setTimeout(() => this.pump(), waitMs);
        return;
      }
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      void this.run(batch);
    }
  }

  /** undefined: nothing may start now and nothing needs a timer; otherwise ms until a flush may. */
  private waitBeforeNextFlush(): number | undefined {
    if (!this.queue.some((part) => !part.request.settled)) return undefined;
    const t = now();
    if (this.pausedUntil > t) return this.pausedUntil - t;
    if (this.inFlight === 0) return 0;
    const { maxConcurrent = 1, maxQueueDelayMs } = this.options;
    if (this.inFlight >= maxConcurrent || maxQueueDelayMs === undefined) return undefined;
    const head = this.queue.find((part) => !part.request.settled)!;
    return Math.max(0, head.request.enqueuedAt + maxQueueDelayMs - t);
  }

  private takeBatch(): Part<T>[] {
    const batch: Part<T>[] = [];
    let count = 0;
    while (this.queue.length > 0 && count < this.options.maxBatch) {
      const part = this.queue[0];
      if (part.request.settled) {
        this.queue.shift();
        continue;
      }
      if (part.barrier) {
        if (batch.length > 0 || this.inFlight > 0) break;
        this.queue.shift();
        part.barrier();
        continue;
      }
      if (part.solo) {
        if (batch.length === 0) batch.push(this.queue.shift()!);
        break;
      }
      const room = this.options.maxBatch - count;
      if (part.end - part.start <= room) {
        batch.push(this.queue.shift()!);
        count += part.end - part.start;
      } else {
        batch.push({ ...part, end: part.start + room });
        part.start += room;
        count += room;
      }
    }
    return batch;
  }

  private async run(batch: Part<T>[]): Promise<void> {
    this.inFlight++;
    const items = batch.flatMap((part) => part.items.slice(part.start, part.end));
    try {
      await this.options.flush(items);
      this.failures = 0;
      this.pausedUntil = 0;
      this.lastError = undefined;
      for (const part of batch) {
        if (part.request.settled) continue;
        part.request.remaining -= part.end - part.start;
        this.backlogItems -= part.end - part.start;
        if (part.request.remaining === 0) this.settle(part.request);
      }
    } catch (error) {
      this.failed(batch, error);
    } finally {
      this.inFlight--;
      this.pump();
      this.notifyIfIdle();
    }
  }

  private failed(batch: Part<T>[], error: unknown): void {
    this.failures++;
    this.lastError = error;
    const live = batch.filter((part) => !part.request.settled);
    const requests = new Set(live.map((part) => part.request)).size;
    let decision: FailureDecision = { action: 'fail' };
    try {
      decision = this.options.onFailure?.(error, { attempt: this.failures, requests }) ?? decision;
    } catch (policyError) {
      decision = { action: 'fail', error: toError(policyError) };
    }
    if (decision.action === 'isolate' && requests > 1) {
      this.queue.unshift(...live.map((part) => ({ ...part, solo: true })));
    } else if (decision.action === 'retry') {
      this.pausedUntil = Math.max(this.pausedUntil, now() + decision.delayMs);
      this.queue.unshift(...live);
    } else {
      const reason = decision.error ?? error;
      for (const part of live) this.settle(part.request, reason);
    }
  }

  private settle(request: Request, error?: unknown): void {
    if (request.settled) return;
    request.settled = true;
    this.pending.delete(request);
    if (error === undefined) {
      request.resolve();
    } else {
      this.backlogItems -= request.remaining;
      request.reject(error);
    }
    if (this.pending.size === 0) {
      // Nobody waits any more: queued leftovers of rejected requests are not kept (see writers).
      // Barriers stay, to be passed once no flush is in flight.
      const barriers = this.queue.filter((part) => part.barrier && !part.request.settled);
      this.queue.length = 0;
      this.queue.push(...barriers);
      clearTimeout(this.expiryTimer);
      clearTimeout(this.pumpTimer);
      this.expiryTimer = this.pumpTimer = undefined;
      if (barriers.length > 0) this.schedulePump();
    }
  }

  /** One timer for the oldest waiting request; requests are in enqueue (= deadline) order. */
  private armExpiry(): void {
    const { maxWaitMs } = this.options;
    if (maxWaitMs === undefined || this.expiryTimer || this.pending.size === 0) return;
    const oldest = this.pending.values().next().value!;
    const delay = Math.max(0, oldest.enqueuedAt + maxWaitMs - now());
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      const t = now();
      for (const request of this.pending) {
        if (request.enqueuedAt + maxWaitMs > t) break;
        const error =
          this.options.expired?.(this.lastError) ?? new Error('Timed out waiting for flush');
        this.settle(request, error);
      }
      this.armExpiry();
      this.notifyIfIdle();
    }, delay);
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.inFlight === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** Monotonic, so a wall-clock step cannot expire or stall waiting requests. */
function now(): number {
  return performance.now();
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
