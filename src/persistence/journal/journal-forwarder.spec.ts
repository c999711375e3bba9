import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { MetricsService } from '../../health/metrics.service';
import { InfluxFailure, InfluxWriteError } from '../influx/influx-failure';
import { DeadLetterFile } from './dead-letter-file';
import { Journal } from './journal';
import { retryDelayMs } from './forward-waits';
import { ForwarderSink, JournalForwarder } from './journal-forwarder';

const line = (value: number | string) =>
  `GenericSensor,sensor_name=S value=${value} ${1764000000000 + Number.parseInt(String(value), 10)}`;
const fail = (kind: InfluxFailure['kind'], detail: string, retryAfterSeconds?: number) =>
  new InfluxWriteError({ kind, reason: kind, detail, retryAfterSeconds });

/**
 * Stands in for InfluxDB 1.x: stores every line it is given except those containing "BAD", and
 * refuses a batch holding one with 400 (storing the rest, as a partial write does).
 */
class FakeInflux implements ForwarderSink {
  stored: string[] = [];
  writes: string[][] = [];
  outage: InfluxWriteError[] = [];

  write(lines: readonly string[]): Promise<void> {
    this.writes.push([...lines]);
    const down = this.outage.shift();
    if (down) return Promise.reject(down);
    this.stored.push(...lines.filter((l) => !l.includes('BAD')));
    const bad = lines.filter((l) => l.includes('BAD')).length;
    if (bad === 0) return Promise.resolve();
    return Promise.reject(fail('rejected', `partial write: field type conflict dropped=${bad}`));
  }
}

describe(JournalForwarder.name, () => {
  let dir: string;
  let journal: Journal;
  let influx: FakeInflux;
  let metrics: MetricsService;
  let forwarder: JournalForwarder;
  const deadLetterPath = () => join(dir, 'dead-letter.lp');

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'forwarder-'));
    journal = await Journal.open({
      dir: join(dir, 'journal'),
      maxBytes: 1024 ** 2,
      recordLines: 4,
    });
    influx = new FakeInflux();
    metrics = new MetricsService();
    forwarder = new JournalForwarder(
      journal,
      influx,
      new DeadLetterFile(deadLetterPath()),
      metrics,
      {
        batchSize: 8,
        jitterMs: 0,
        minBackoffMs: 1,
        maxBackoffMs: 4,
      },
    );
  });
  afterEach(async () => {
    await forwarder.stop(0);
    await forwarder.finished();
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should send journaled lines in order, in batches of at most batchSize, and confirm them', async () => {
    forwarder.start();
    for (let i = 0; i < 5; i++) await journal.append([0, 1, 2, 3].map((j) => line(i * 4 + j)));
    await forwarder.whenEmpty();
    expect(influx.stored).toEqual(Array.from({ length: 20 }, (_, i) => line(i)));
    expect(Math.max(...influx.writes.map((w) => w.length))).toBeLessThanOrEqual(8);
    expect(journal.backlogPoints).toBe(0);
    expect(forwarder.oldestUnsentTime).toBeUndefined();
  });

  it('should retry through an outage and configuration faults without losing or dead-lettering anything', async () => {
    influx.outage = [
      fail('unavailable', 'unreachable: ECONNREFUSED'),
      fail('config', 'InfluxDB refused the credentials (401); check INFLUX_TOKEN'),
      fail('unavailable', 'InfluxDB answered 503', 0),
    ];
    await journal.append([line(1), line(2)]);
    forwarder.start();
    await forwarder.whenEmpty();
    expect(influx.stored).toEqual([line(1), line(2)]);
    expect(influx.writes).toHaveLength(4);
    expect(existsSync(deadLetterPath())).toBe(false);
    const retries = await metrics.forwardRetries.get();
    expect(retries.values.reduce((sum, v) => sum + v.value, 0)).toBe(3);
  });

  it('should dead-letter exactly the refused lines, with the reason, and store every other line', async () => {
    const lines = [line(1), line(2), `${line(3)},BAD`, line(4), line(5), `${line(6)},BAD`, line(7)];
    await journal.append(lines);
    forwarder.start();
    await forwarder.whenEmpty();
    expect(new Set(influx.stored)).toEqual(new Set(lines.filter((l) => !l.includes('BAD'))));
    const deadLetters = readFileSync(deadLetterPath(), 'utf8').split('\n');
    expect(deadLetters.filter((l) => !l.startsWith('#') && l !== '')).toEqual([
      `${line(3)},BAD`,
      `${line(6)},BAD`,
    ]);
    expect(deadLetters[0]).toMatch(
      /^# \d{4}-\d\d-\d\dT.*refused: partial write: field type conflict/,
    );
    expect((await metrics.deadLetterPoints.get()).values[0].value).toBe(2);
    expect(journal.backlogPoints).toBe(0);
  });

  it('should stop within its deadline while InfluxDB is down and leave the batch in the journal', async () => {
    influx.outage = Array.from({ length: 10_000 }, () => fail('unavailable', 'down'));
    await journal.append([line(1)]);
    forwarder.start();
    await forwarder.stop(20);
    await forwarder.finished();
    expect(influx.stored).toEqual([]);
    expect(journal.backlogPoints).toBe(1);
    expect(journal.confirmed).toEqual({ segment: 1, offset: 0 });
  });
});

describe(retryDelayMs.name, () => {
  const options = { minMs: 100, maxMs: 5000, jitterMs: 0 };

  it('should double from the minimum up to the cap', () => {
    expect([1, 2, 3, 7, 50].map((a) => retryDelayMs(a, undefined, options))).toEqual([
      100, 200, 400, 5000, 5000,
    ]);
  });

  it('should never wait less than Retry-After, read as seconds', () => {
    expect(retryDelayMs(1, 30, options)).toBe(30_000);
    expect(retryDelayMs(8, 1, options)).toBe(5000);
  });

  it('should add at most the jitter', () => {
    const delay = retryDelayMs(1, undefined, { ...options, jitterMs: 50 });
    expect(delay).toBeGreaterThanOrEqual(100);
    expect(delay).toBeLessThan(150);
  });
});
