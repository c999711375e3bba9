import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Journal, JournalOptions } from './journal';

const lines = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `GenericSensor,sensor_name=S value=${from + i} ${from + i}`);

async function forwardAll(journal: Journal): Promise<void> {
  for (let batch = await journal.read(journal.confirmed, 1000); batch;) {
    await journal.confirm(batch);
    batch = await journal.read(batch.end, 1000);
  }
}

async function replayed(journal: Journal, ...args: Parameters<Journal['replay']>) {
  const out: string[] = [];
  for await (const batch of journal.replay(...args)) out.push(...batch.lines);
  return out;
}

/** Segments kept for replay after a state snapshot (retainFrom), forwarded or not. */
describe(`${Journal.name} retention for replay`, () => {
  let dir: string;
  const journals: Journal[] = [];
  // 4 KiB segments: three appends of 60 lines fill one each.
  const open = async (options: Partial<JournalOptions> = {}) => {
    const journal = await Journal.open({
      dir,
      maxBytes: 1024 ** 2,
      recordLines: 100,
      segmentBytes: 4096,
      ...options,
    });
    journals.push(journal);
    return journal;
  };
  const segments = () => readdirSync(dir).filter((f) => f.startsWith('segment-')).length;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'journal-retain-'))));
  afterEach(async () => {
    await Promise.all(journals.splice(0).map((j) => j.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('should keep forwarded segments from the retain position on, and drop them once it moves', async () => {
    const journal = await open();
    await journal.retainFrom(journal.end);
    for (let i = 0; i < 4; i++) await journal.append(lines(60, i * 60));
    const middle = journal.end;
    for (let i = 4; i < 8; i++) await journal.append(lines(60, i * 60));
    await forwardAll(journal);
    expect(journal.backlogPoints).toBe(0);
    expect(segments()).toBeGreaterThanOrEqual(4);
    expect(await replayed(journal, { segment: 0, offset: 0 }, 1000)).toEqual(lines(480));

    await journal.retainFrom(middle);
    expect(await replayed(journal, middle, 1000)).toEqual(lines(240, 240));
    const kept = segments();
    await journal.retainFrom(journal.end);
    expect(segments()).toBeLessThan(kept);
    expect(segments()).toBe(1); // the active segment always stays
  });

  it('should stop a replay at `until`, between two appends', async () => {
    const journal = await open();
    await journal.append(lines(10));
    const from = journal.end;
    await journal.append(lines(10, 10));
    await journal.append(lines(10, 20));
    const until = journal.end;
    await journal.append(lines(10, 30));
    expect(await replayed(journal, from, 7, until)).toEqual(lines(20, 10));
    expect(await replayed(journal, until, 7)).toEqual(lines(10, 30));
  });

  it('should keep the retained segments over a restart, with only the unsent backlog counted', async () => {
    let journal = await open();
    await journal.retainFrom(journal.end);
    for (let i = 0; i < 6; i++) await journal.append(lines(60, i * 60));
    await forwardAll(journal);
    await journal.append(lines(5, 360));
    await journal.close();

    journal = await open();
    expect(journal.backlogPoints).toBe(5);
    expect(await replayed(journal, { segment: 0, offset: 0 }, 1000)).toEqual(lines(365));
    const batch = await journal.read(journal.confirmed, 1000);
    expect(batch?.lines).toEqual(lines(5, 360));
  });

  it('should drop retained segments past maxBytes of forwarded data, oldest first', async () => {
    const journal = await open({ maxBytes: 64 * 1024, segmentBytes: 4096 });
    await journal.retainFrom(journal.end);
    for (let i = 0; i < 60; i++) await journal.append(lines(60, i * 60));
    await forwardAll(journal);
    expect(journal.diskBytes).toBeLessThanOrEqual(64 * 1024 + 4096);
    const kept = await replayed(journal, { segment: 0, offset: 0 }, 10_000);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(lines(kept.length, 3600 - kept.length)); // the newest, in order
  });
});
