import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Journal, JournalOptions } from './journal';
import { segmentFile } from './journal-files';

const lines = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) => `GenericSensor,sensor_name=S value=${from + i} ${1764000000000 + from + i}`,
  );

/** Reads and confirms everything, as the forwarder does, returning the lines in order. */
async function drain(journal: Journal, maxLines = 1000): Promise<string[]> {
  const out: string[] = [];
  for (let batch = await journal.read(journal.confirmed, maxLines); batch;) {
    out.push(...batch.lines);
    await journal.confirm(batch);
    batch = await journal.read(batch.end, maxLines);
  }
  return out;
}

describe(Journal.name, () => {
  let dir: string;
  const journals: Journal[] = [];
  const open = async (options: Partial<JournalOptions> = {}) => {
    const journal = await Journal.open({ dir, maxBytes: 1024 ** 2, recordLines: 100, ...options });
    journals.push(journal);
    return journal;
  };
  const segments = () =>
    readdirSync(dir)
      .filter((f) => f.startsWith('segment-'))
      .sort();

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'journal-'))));
  afterEach(async () => {
    await Promise.all(journals.splice(0).map((j) => j.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('should read back appended lines in order, in batches of whole records', async () => {
    const journal = await open({ recordLines: 3 });
    await journal.append(lines(5));
    await journal.append(lines(4, 5));
    expect(journal.backlogPoints).toBe(9);
    // Records of 3+2 and 3+1 lines: a batch never exceeds maxLines and never splits a record.
    const first = await journal.read(journal.confirmed, 6);
    expect(first?.lines).toEqual(lines(5));
    const rest = await journal.read(first!.end, 6);
    expect(rest?.lines).toEqual(lines(4, 5));
    expect(await journal.read(rest!.end, 6)).toBeUndefined();
  });

  it('should roll segments, and delete a segment once everything in it is confirmed', async () => {
    const journal = await open({ segmentBytes: 1000, recordLines: 5 });
    for (let i = 0; i < 10; i++) await journal.append(lines(5, i * 5));
    const written = segments();
    expect(written.length).toBeGreaterThan(3);
    expect(journal.diskBytes).toBe(written.reduce((s, f) => s + statSync(join(dir, f)).size, 0));
    expect(await drain(journal, 7)).toEqual(lines(50));
    // The newest segment stays open for appends; every older one is gone.
    expect(segments()).toEqual([written.at(-1)]);
    expect(journal.backlogPoints).toBe(0);
    expect(journal.backlogBytes).toBe(0);
  });

  it('should resume from the confirmed position after a restart, replaying only what was not confirmed', async () => {
    const first = await open({ segmentBytes: 1000, recordLines: 5 });
    for (let i = 0; i < 6; i++) await first.append(lines(5, i * 5));
    const batch = await first.read(first.confirmed, 5);
    await first.confirm(batch!);
    // A crash: no close(), the next process opens the same directory.
    const second = await open({ segmentBytes: 1000, recordLines: 5 });
    expect(second.confirmed).toEqual(batch!.end);
    expect(second.backlogPoints).toBe(30 - batch!.lines.length);
    expect(await drain(second)).toEqual(lines(30).slice(batch!.lines.length));
    await second.append(lines(1, 99));
    expect(await drain(second)).toEqual(lines(1, 99));
  });

  it('should cut a torn tail off the newest segment and keep every whole record before it', async () => {
    const first = await open();
    await first.append(lines(3));
    await first.append(lines(3, 3));
    await first.close();
    const [file] = segments();
    const whole = statSync(join(dir, file)).size;
    // A power cut in the middle of the next append: half a record, never acknowledged.
    appendFileSync(
      join(dir, file),
      '# journal v1 lines=2 bytes=200 time=1 crc32=00000000\nGenericSen',
    );
    const second = await open();
    expect(statSync(join(dir, file)).size).toBe(whole);
    expect(second.backlogPoints).toBe(6);
    await second.append(lines(1, 6));
    expect(await drain(second)).toEqual(lines(7));
  });

  it('should cut a record whose bytes do not match its CRC at the tail', async () => {
    const first = await open();
    await first.append(lines(2));
    await first.append(lines(2, 2));
    await first.close();
    const path = join(dir, segments()[0]);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, -3) + 'xyz');
    const second = await open();
    expect(await drain(second)).toEqual(lines(2));
  });

  it('should start over at the oldest segment when the position file is unreadable', async () => {
    const first = await open();
    await first.append(lines(4));
    await first.confirm((await first.read(first.confirmed, 2))!);
    writeFileSync(join(dir, 'position.json'), '{"segm');
    const second = await open();
    expect(second.confirmed).toEqual({ segment: 1, offset: 0 });
    expect(await drain(second)).toEqual(lines(4));
  });

  it('should hand damaged bytes in an older segment over as corrupt and go on after them', async () => {
    const journal = await open({ segmentBytes: 400, recordLines: 2 });
    for (let i = 0; i < 4; i++) await journal.append(lines(2, i * 2));
    await journal.close();
    const oldest = join(dir, segments()[0]);
    const size = statSync(oldest).size;
    truncateSync(oldest, size - 5);
    appendFileSync(oldest, 'XXXXX');
    const reopened = await open({ segmentBytes: 400, recordLines: 2 });
    const seen: string[] = [];
    const corrupt: string[] = [];
    for (let batch = await reopened.read(reopened.confirmed, 100); batch;) {
      if (batch.corrupt) corrupt.push(batch.corrupt.data.toString());
      seen.push(...batch.lines);
      await reopened.confirm(batch);
      batch = await reopened.read(batch.end, 100);
    }
    // Two records per segment: the second one of the oldest segment was damaged.
    expect(seen).toEqual([...lines(2), ...lines(4, 4)]);
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0]).toContain(lines(1, 2)[0]);
  });

  it('should be full at maxBytes not yet forwarded, and take appends again once they are', async () => {
    const journal = await open({ maxBytes: 2000, segmentBytes: 500, recordLines: 3 });
    while (!journal.full) await journal.append(lines(3));
    expect(journal.backlogBytes).toBeGreaterThanOrEqual(2000);
    await drain(journal);
    expect(journal.full).toBe(false);
    expect(journal.diskBytes).toBeLessThan(2000);
  });

  it('should not stay full when one append alone is larger than the cap and was forwarded', async () => {
    const journal = await open({ maxBytes: 2000, recordLines: 1000 });
    await journal.append(lines(200));
    expect(journal.full).toBe(true);
    await drain(journal);
    expect(journal.full).toBe(false);
    await journal.append(lines(1, 500));
    expect(await drain(journal)).toEqual(lines(1, 500));
  });

  it('should keep draining and deleting segments when the position file cannot be written', async () => {
    mkdirSync(join(dir, 'position.json', 'in-the-way'), { recursive: true });
    const journal = await open({ segmentBytes: 400, recordLines: 2 });
    for (let i = 0; i < 6; i++) await journal.append(lines(2, i * 2));
    expect(segments().length).toBeGreaterThan(2);
    expect(await drain(journal)).toEqual(lines(12));
    expect(segments()).toHaveLength(1);
    expect(journal.backlogBytes).toBe(0);
  });

  it('should wake a waiting reader on the next append, not before', async () => {
    const journal = await open();
    let woken = false;
    const waiting = journal.whenAppended().then(() => (woken = true));
    await new Promise((r) => setImmediate(r));
    expect(woken).toBe(false);
    await journal.append(lines(1));
    await waiting;
    expect(woken).toBe(true);
  });

  it('should start a new segment after the last confirmed one when every segment was deleted', async () => {
    const journal = await open({ segmentBytes: 300, recordLines: 2 });
    for (let i = 0; i < 3; i++) await journal.append(lines(2, i * 2));
    await drain(journal);
    rmSync(segmentFile(dir, journal.confirmed.segment), { force: true });
    await journal.close();
    const reopened = await open({ segmentBytes: 300, recordLines: 2 });
    await reopened.append(lines(1, 50));
    expect(await drain(reopened)).toEqual(lines(1, 50));
  });
});
