import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { MetricsService } from '../../health/metrics.service';
import { InfluxWriteError } from '../influx/influx-failure';
import { DeadLetterFile } from './dead-letter-file';
import { Journal } from './journal';
import { JournalPosition } from './journal-files';
import { ForwarderSink, JournalForwarder } from './journal-forwarder';

const line = (n: number) => `GenericSensor,sensor_name=S value=${n} ${1764000000000 + n}`;
/** Record i holds lines 4i..4i+3; with batchSize 4 each batch is one record. */
const record = (i: number) => [0, 1, 2, 3].map((j) => line(i * 4 + j));

/** InfluxDB whose writes finish only when the test says so, in any order it likes. */
class HeldInflux implements ForwarderSink {
  held: Array<{ lines: string[]; settle: (error?: Error) => void }> = [];
  stored: string[] = [];
  outstanding = 0;
  maxOutstanding = 0;
  failNext = 0;
  /** The first line of every write attempted. */
  attempts: string[] = [];

  write(lines: readonly string[]): Promise<void> {
    this.attempts.push(lines[0]);
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(
        new InfluxWriteError({ kind: 'unavailable', reason: 'unavailable', detail: 'down' }),
      );
    }
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    return new Promise((resolve, reject) => {
      const entry = {
        lines: [...lines],
        settle: (error?: Error) => {
          this.held.splice(this.held.indexOf(entry), 1);
          this.outstanding--;
          if (error) return reject(error);
          this.stored.push(...lines);
          resolve();
        },
      };
      this.held.push(entry);
    });
  }

  /** Finishes the write that carries line `n`. */
  finish(n: number): void {
    this.held.find((h) => h.lines.includes(line(n)))!.settle();
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe(`${JournalForwarder.name} with writes in flight`, () => {
  let dir: string;
  let journal: Journal;
  let influx: HeldInflux;
  let forwarder: JournalForwarder;
  const open = () =>
    Journal.open({ dir: join(dir, 'journal'), maxBytes: 1024 ** 2, recordLines: 4 });
  /** Where each record starts in the journal, then where the last one ends. */
  let starts: JournalPosition[];
  const recordStart = (i: number) => starts[i];

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'forwarder-in-flight-'));
    journal = await open();
    influx = new HeldInflux();
    forwarder = new JournalForwarder(
      journal,
      influx,
      new DeadLetterFile(join(dir, 'dead-letter.lp')),
      new MetricsService(),
      { batchSize: 4, jitterMs: 0, minBackoffMs: 1, maxBackoffMs: 4, writesInFlight: 3 },
    );
    for (let i = 0; i < 6; i++) await journal.append(record(i));
    starts = [journal.confirmed];
    for (let i = 0; i < 6; i++) starts.push((await journal.read(starts[i], 4))!.end);
  });
  afterEach(async () => {
    await forwarder.stop(0);
    for (const h of [...influx.held]) h.settle(new Error('sink closed'));
    await forwarder.finished();
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should keep at most writesInFlight writes out, confirm only a finished prefix, hold the tail back', async () => {
    forwarder.start();
    await until(() => influx.outstanding === 3, 'three writes');
    // Records 2 and 1 finish before 0: the position may not move past any of them yet.
    influx.finish(8);
    influx.finish(4);
    await new Promise((r) => setTimeout(r, 20));
    expect(journal.confirmed).toEqual(recordStart(0));
    expect(influx.outstanding).toBe(1);

    influx.finish(0);
    await until(() => journal.confirmed.offset === recordStart(3).offset, 'records 0-2 confirmed');
    // Record 5 is the journal's tail: it waits for the writes out rather than go beside them.
    await until(() => influx.outstanding === 2, 'records 3-4 in flight');
    await new Promise((r) => setTimeout(r, 20));
    expect(influx.attempts).not.toContain(line(20));
    for (const n of [16, 12]) influx.finish(n);
    await until(() => influx.outstanding === 1, 'record 5 in flight');
    influx.finish(20);
    await forwarder.whenEmpty();

    expect(journal.backlogPoints).toBe(0);
    expect(influx.maxOutstanding).toBe(3);
    expect([...influx.stored].sort()).toEqual(Array.from({ length: 24 }, (_, n) => line(n)).sort());
  });

  it('should leave the first unfinished batch and every later one in the journal on stop', async () => {
    forwarder.start();
    await until(() => influx.outstanding === 3, 'three writes');
    influx.finish(0);
    influx.finish(8);
    await until(() => journal.confirmed.offset === recordStart(1).offset, 'record 0 confirmed');

    // Shutdown: stop, then close the sink, which ends the write still out (record 1).
    await forwarder.stop(0);
    for (const h of [...influx.held]) h.settle(new Error('sink closed'));
    await forwarder.finished();
    await journal.close();

    const reopened = await open();
    expect(reopened.confirmed).toEqual(recordStart(1));
    expect(reopened.backlogPoints).toBe(20);
    await reopened.close();
  });

  it('should start no new write while writes fail, and send everything once one passes', async () => {
    influx.failNext = 5;
    forwarder.start();
    await until(() => influx.outstanding === 1, 'a write after five failures');
    await new Promise((r) => setTimeout(r, 20));
    // Only record 0 was tried, six times; records 1-5 wait for a write to get through.
    expect(influx.attempts).toEqual(Array.from({ length: 6 }, () => line(0)));

    influx.finish(0);
    await until(() => influx.outstanding === 3, 'records 1-3 in flight');
    for (const n of [12, 8, 4]) influx.finish(n);
    await until(() => influx.held.some((h) => h.lines.includes(line(16))), 'record 4 sent');
    influx.finish(16);
    await until(() => influx.held.some((h) => h.lines.includes(line(20))), 'record 5 sent');
    influx.finish(20);
    await forwarder.whenEmpty();

    expect(journal.backlogPoints).toBe(0);
    expect(influx.stored).toHaveLength(24);
  });
});
