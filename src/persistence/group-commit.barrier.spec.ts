import { GroupCommit } from './group-commit';

/** A flush the test completes by hand, recording what each completed flush made durable. */
function controlledFlush() {
  const calls: Array<{ items: number[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  const durable: number[] = [];
  const flush = (items: number[]) =>
    new Promise<void>((resolve, reject) =>
      calls.push({
        items,
        resolve: () => {
          durable.push(...items);
          resolve();
        },
        reject,
      }),
    );
  return { calls, durable, flush };
}

const tick = () => new Promise((r) => setImmediate(r));

describe(`${GroupCommit.name} barrier`, () => {
  it('should pass at once on an idle batcher', async () => {
    const gc = new GroupCommit<number>({ maxBatch: 10, flush: () => Promise.resolve() });
    await expect(gc.barrier(() => 'reached')).resolves.toBe('reached');
  });

  it('should keep later items out of the flush that completes the earlier ones', async () => {
    const { calls, durable, flush } = controlledFlush();
    const gc = new GroupCommit<number>({ maxBatch: 10, flush });
    void gc.enqueue([1, 2]);
    await tick();
    void gc.enqueue([3]);
    const seen = gc.barrier(() => [...durable]);
    void gc.enqueue([4, 5]);
    calls[0].resolve();
    await tick();
    // Without the barrier 3, 4 and 5 would share this flush.
    expect(calls[1].items).toEqual([3]);
    calls[1].resolve();
    await expect(seen).resolves.toEqual([1, 2, 3]);
    await tick();
    expect(calls[2].items).toEqual([4, 5]);
  });

  it('should wait for a retried batch before passing', async () => {
    const { calls, durable, flush } = controlledFlush();
    const gc = new GroupCommit<number>({
      maxBatch: 10,
      flush,
      onFailure: () => ({ action: 'retry', delayMs: 1 }),
    });
    void gc.enqueue([1]);
    const seen = gc.barrier(() => [...durable]);
    await tick();
    calls[0].reject(new Error('busy'));
    let passed = false;
    void seen.then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(passed).toBe(false);
    expect(calls[1].items).toEqual([1]);
    calls[1].resolve();
    await expect(seen).resolves.toEqual([1]);
  });

  it('should pass after the requests before it were rejected', async () => {
    const { calls, durable, flush } = controlledFlush();
    const gc = new GroupCommit<number>({ maxBatch: 10, flush });
    const failed = gc.enqueue([1]).catch((e: Error) => e.message);
    const seen = gc.barrier(() => [...durable]);
    await tick();
    calls[0].reject(new Error('disk full'));
    await expect(failed).resolves.toBe('disk full');
    await expect(seen).resolves.toEqual([]);
  });

  it('should reject when reached() throws, and keep flushing', async () => {
    const { calls, flush } = controlledFlush();
    const gc = new GroupCommit<number>({ maxBatch: 10, flush });
    const seen = gc.barrier(() => {
      throw new Error('no position');
    });
    await expect(seen).rejects.toThrow('no position');
    const later = gc.enqueue([7]);
    await tick();
    calls[0].resolve();
    await expect(later).resolves.toBeUndefined();
  });
});
