import { GroupCommit, GroupCommitOptions } from './group-commit';

/** A flush whose calls the test completes by hand. */
function controlledFlush() {
  const calls: Array<{ items: number[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  const flush = (items: number[]) =>
    new Promise<void>((resolve, reject) => calls.push({ items, resolve, reject }));
  return { calls, flush };
}

function make(
  overrides: Partial<GroupCommitOptions<number>> & Pick<GroupCommitOptions<number>, 'flush'>,
) {
  return new GroupCommit<number>({ maxBatch: 100, ...overrides });
}

/** Lets the batcher's setImmediate and promise callbacks run. */
const tick = () => new Promise((r) => setImmediate(r));

function track(promise: Promise<void>) {
  const state: { status: 'pending' | 'resolved' | 'rejected'; error?: unknown } = {
    status: 'pending',
  };
  promise.then(
    () => (state.status = 'resolved'),
    (error: unknown) => Object.assign(state, { status: 'rejected', error }),
  );
  return state;
}

describe(GroupCommit.name, () => {
  afterEach(() => jest.useRealTimers());

  it('should flush an idle request at once and resolve only after the flush resolved', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush });
    const a = track(gc.enqueue([1, 2]));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
    expect(a.status).toBe('pending');
    expect(gc.backlog).toBe(2);
    calls[0].resolve();
    await tick();
    expect(a.status).toBe('resolved');
    expect(gc.backlog).toBe(0);
  });

  it('should group requests that arrive while a flush is in flight into the next flush', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush });
    const first = track(gc.enqueue([1]));
    await tick();
    const later = [track(gc.enqueue([2])), track(gc.enqueue([3, 4])), track(gc.enqueue([5]))];
    await tick();
    expect(calls).toHaveLength(1);
    calls[0].resolve();
    await tick();
    expect(first.status).toBe('resolved');
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4, 5]]);
    expect(later.map((s) => s.status)).toEqual(['pending', 'pending', 'pending']);
    calls[1].resolve();
    await tick();
    expect(later.map((s) => s.status)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('should settle each request with the outcome of its own batch', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush });
    const a = track(gc.enqueue([1]));
    await tick();
    const b = track(gc.enqueue([2]));
    calls[0].reject(new Error('boom'));
    await tick();
    calls[1].resolve();
    await tick();
    expect(a).toMatchObject({ status: 'rejected', error: new Error('boom') });
    expect(b.status).toBe('resolved');
  });

  it('should split a request larger than maxBatch and resolve it only when every part is flushed', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush, maxBatch: 2 });
    const big = track(gc.enqueue([1, 2, 3, 4, 5]));
    await tick();
    calls[0].resolve();
    await tick();
    calls[1].resolve();
    await tick();
    expect(big.status).toBe('pending');
    calls[2].resolve();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(big.status).toBe('resolved');
  });

  it('should reject a split request when any part fails, and not flush its remaining parts', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush, maxBatch: 2 });
    const big = track(gc.enqueue([1, 2, 3, 4, 5]));
    await tick();
    calls[0].resolve();
    await tick();
    calls[1].reject(new Error('disk full'));
    await tick();
    expect(big).toMatchObject({ status: 'rejected', error: new Error('disk full') });
    expect(calls).toHaveLength(2);
    await gc.drain();
  });

  it('should retry a batch after the delay the policy asks for, merged with newer requests', async () => {
    const { calls, flush } = controlledFlush();
    const onFailure = jest.fn(() => ({ action: 'retry' as const, delayMs: 30 }));
    const gc = make({ flush, onFailure });
    const a = track(gc.enqueue([1]));
    await tick();
    calls[0].reject(new Error('503'));
    await tick();
    const b = track(gc.enqueue([2]));
    await tick();
    expect(calls).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(calls.map((c) => c.items)).toEqual([[1], [1, 2]]);
    calls[1].resolve();
    await tick();
    expect([a.status, b.status]).toEqual(['resolved', 'resolved']);
    expect(onFailure).toHaveBeenCalledWith(new Error('503'), { attempt: 1, requests: 1 });
  });

  it('should end a retry pause early on resume()', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush, onFailure: () => ({ action: 'retry', delayMs: 60_000 }) });
    const a = track(gc.enqueue([1]));
    await tick();
    calls[0].reject(new Error('down'));
    await tick();
    expect(calls).toHaveLength(1);
    gc.resume();
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    await tick();
    expect(a.status).toBe('resolved');
  });

  it('should isolate requests so only the one with bad data is rejected', async () => {
    const bad = 13;
    const flushed: number[][] = [];
    const flush = async (items: number[]) => {
      flushed.push(items);
      if (items.includes(bad)) throw new Error('400 field type conflict');
    };
    const rejected = new Error('rejected by storage');
    const gc = make({ flush, onFailure: () => ({ action: 'isolate', error: rejected }) });
    const [a, b, c] = [track(gc.enqueue([1, 2])), track(gc.enqueue([bad])), track(gc.enqueue([3]))];
    await gc.drain();
    expect(flushed).toEqual([[1, 2, bad, 3], [1, 2], [bad], [3]]);
    expect([a.status, c.status]).toEqual(['resolved', 'resolved']);
    expect(b).toMatchObject({ status: 'rejected', error: rejected });
  });

  it('should reject a waiting request after maxWaitMs with the error built from the last failure', async () => {
    let attempts = 0;
    const flush = async () => {
      attempts++;
      throw new Error('ECONNREFUSED');
    };
    const gc = make({
      flush,
      maxWaitMs: 60,
      onFailure: () => ({ action: 'retry', delayMs: 10 }),
      expired: (last) => new Error(`gave up: ${(last as Error).message}`),
    });
    const started = performance.now();
    const a = gc.enqueue([1]);
    await expect(a).rejects.toThrow('gave up: ECONNREFUSED');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const attemptsAtExpiry = attempts;
    expect(attemptsAtExpiry).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(attempts).toBe(attemptsAtExpiry);
    expect(gc.backlog).toBe(0);
  });

  it('should reject after maxWaitMs even while the flush is still in flight', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush, maxWaitMs: 30, expired: () => new Error('too slow') });
    const a = track(gc.enqueue([1]));
    await new Promise((r) => setTimeout(r, 50));
    expect(a).toMatchObject({ status: 'rejected', error: new Error('too slow') });
    const drained = track(gc.drain());
    await tick();
    expect(drained.status).toBe('pending');
    calls[0].resolve();
    await tick();
    expect(drained.status).toBe('resolved');
    expect(a.status).toBe('rejected');
  });

  it('should start a second concurrent flush when queued items waited maxQueueDelayMs', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush, maxConcurrent: 2, maxQueueDelayMs: 20 });
    void gc.enqueue([1]);
    await tick();
    void gc.enqueue([2]);
    await tick();
    expect(calls).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 35));
    expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
    calls.forEach((c) => c.resolve());
    await gc.drain();
  });

  it('should wait in drain() for queued and in-flight requests', async () => {
    const { calls, flush } = controlledFlush();
    const gc = make({ flush });
    void gc.enqueue([1]);
    await tick();
    void gc.enqueue([2]);
    const drained = track(gc.drain());
    calls[0].resolve();
    await tick();
    expect(drained.status).toBe('pending');
    calls[1].resolve();
    await tick();
    expect(drained.status).toBe('resolved');
  });

  it('should resolve an empty request without flushing', async () => {
    const flush = jest.fn(async () => undefined);
    await make({ flush }).enqueue([]);
    expect(flush).not.toHaveBeenCalled();
  });

  it('should leave no timer behind once idle, even after retries and expiries', async () => {
    jest.useFakeTimers();
    let fail = true;
    const gc = make({
      flush: async () => {
        if (fail) throw new Error('down');
      },
      maxWaitMs: 1000,
      onFailure: () => ({ action: 'retry', delayMs: 100 }),
      expired: () => new Error('expired'),
    });
    const a = gc.enqueue([1]).catch((e: Error) => e.message);
    await jest.advanceTimersByTimeAsync(1500);
    await expect(a).resolves.toBe('expired');
    expect(jest.getTimerCount()).toBe(0);
    fail = false;
    const b = gc.enqueue([2]);
    await jest.advanceTimersByTimeAsync(0);
    await expect(b).resolves.toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });
});
