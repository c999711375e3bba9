/**
 * Exponential backoff from `minMs`, capped at `maxMs` (a long outage is still noticed within
 * seconds of its end), plus jitter; never shorter than the server's Retry-After, in seconds.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  { minMs, maxMs, jitterMs }: { minMs: number; maxMs: number; jitterMs: number },
): number {
  const exponential = Math.min(minMs * 2 ** (attempt - 1), maxMs);
  return Math.max(exponential + Math.random() * jitterMs, (retryAfterSeconds ?? 0) * 1000);
}

/** 'ready': InfluxDB is back, which ends a backoff but not a Retry-After; 'now' ends any wait. */
export type WakeCause = 'ready' | 'now';

/**
 * The forwarder's waits: its reading loop and each write in flight wait on their own (for an
 * append, a confirm, a backoff), and all of them must end when InfluxDB comes back or on stop.
 */
export class Waits {
  private readonly wakers = new Set<(cause: WakeCause) => void>();
  private ended = false;

  /** Waits `ms` (none: for ever), or for `event`, or until ended, or (if allowed) woken. */
  wait(ms?: number, event?: Promise<unknown>, wakeOnReady = true): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done('now'), ms);
      const done = (cause: WakeCause) => {
        if (cause === 'ready' && !wakeOnReady) return;
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      this.wakers.add(done);
      void event?.then(() => done('now'));
    });
  }

  /** Ends every wait in progress that `cause` may end. */
  wake(cause: WakeCause): void {
    for (const done of [...this.wakers]) done(cause);
  }

  /** Ends every wait, now and later. */
  end(): void {
    this.ended = true;
    this.wake('now');
  }
}

/** Resolves when `promise` settles or after `ms`, whichever is first. */
export function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
