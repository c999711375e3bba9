import { ConfirmWindow } from './confirm-window';

/** A promise settled from outside, so a test decides the order in which writes finish. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every queued promise callback run (and a confirm's own I/O, simulated by one flush). */
const flush = async (turns = 5) => {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
};

describe(ConfirmWindow.name, () => {
  let confirmed: string[];
  let window: ConfirmWindow<string>;
  let errors: unknown[];

  beforeEach(() => {
    confirmed = [];
    errors = [];
    window = new ConfirmWindow<string>(
      async (item) => {
        await flush(1);
        confirmed.push(item);
      },
      (error) => errors.push(error),
    );
  });

  it('should confirm in the order items were added when their writes finish in reverse', async () => {
    const writes = ['a', 'b', 'c'].map((item) => ({ item, ...deferred<boolean>() }));
    for (const w of writes) window.add(w.item, w.promise);

    writes[2].resolve(true);
    writes[1].resolve(true);
    await flush();
    expect(confirmed).toEqual([]);
    expect(window.size).toBe(3);

    writes[0].resolve(true);
    await window.settled();
    expect(confirmed).toEqual(['a', 'b', 'c']);
    expect(window.size).toBe(0);
  });

  it('should confirm a finished prefix while a later write is still out', async () => {
    const writes = ['a', 'b', 'c', 'd'].map((item) => ({ item, ...deferred<boolean>() }));
    for (const w of writes) window.add(w.item, w.promise);

    writes[1].resolve(true);
    writes[0].resolve(true);
    writes[3].resolve(true);
    await flush();
    expect(confirmed).toEqual(['a', 'b']);
    expect(window.oldest).toBe('c');

    writes[2].resolve(true);
    await window.settled();
    expect(confirmed).toEqual(['a', 'b', 'c', 'd']);
  });

  it('should confirm nothing from an item given up on, though later writes finished', async () => {
    const writes = ['a', 'b', 'c'].map((item) => ({ item, ...deferred<boolean>() }));
    for (const w of writes) window.add(w.item, w.promise);

    writes[2].resolve(true);
    writes[0].resolve(true);
    writes[1].resolve(false);
    await window.settled();
    expect(confirmed).toEqual(['a']);
    expect(window.oldest).toBe('b');
  });

  it('should resolve nextConfirm() at each confirm', async () => {
    const write = deferred<boolean>();
    window.add('a', write.promise);
    let woken = false;
    void window.nextConfirm().then(() => (woken = true));
    await flush();
    expect(woken).toBe(false);
    write.resolve(true);
    await window.settled();
    await flush();
    expect(woken).toBe(true);
  });

  it('should report a failed confirm and go on confirming later items', async () => {
    const failing = new ConfirmWindow<string>(
      (item) => (item === 'a' ? Promise.reject(new Error('rm failed')) : Promise.resolve()),
      (error) => errors.push(error),
    );
    failing.add('a', Promise.resolve(true));
    failing.add('b', Promise.resolve(true));
    await failing.settled();
    expect(errors).toEqual([new Error('rm failed')]);
    expect(failing.size).toBe(0);
  });
});
