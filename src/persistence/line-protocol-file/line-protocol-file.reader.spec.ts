import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { LinePoint } from '../point.mapper';
import { MetricsService } from '../../health/metrics.service';
import type { LogPosition } from '../durable-log';
import { LineProtocolFileWriter } from './line-protocol-file.writer';

const line = (i: number) => `GenericSensor,sensor_name=S value=${i} ${i}`;
const points = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => new LinePoint(line(from + i)));
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => line(from + i));

/** The embedded writer as a durable log: positions, checkpoints and replay of its daily files. */
describe(`${LineProtocolFileWriter.name} as a log`, () => {
  let dir: string;
  let day = new Date('2026-11-24T23:59:00Z');
  const writers: LineProtocolFileWriter[] = [];
  const writer = async () => {
    const w = new LineProtocolFileWriter(dir, new MetricsService(), () => day);
    await w.onModuleInit();
    writers.push(w);
    return w;
  };
  const replay = async (w: LineProtocolFileWriter, from?: LogPosition, until?: LogPosition) => {
    const out: string[] = [];
    for await (const batch of w.replay(from, until)) out.push(...batch.lines);
    return out;
  };

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lp-log-'))));
  afterEach(async () => {
    await Promise.all(writers.splice(0).map((w) => w.drain()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('should replay the data lines between two checkpoints, across the change of day', async () => {
    const w = await writer();
    await w.write(points(0, 3));
    const from = await w.checkpoint();
    const written = w.write(points(3, 4));
    const until = w.checkpoint(); // taken while the write waits: the write comes before it
    const later = w.write(points(7, 2));
    await Promise.all([written, later]);
    day = new Date('2026-11-25T00:01:00Z');
    await w.write(points(9, 2));
    expect(await replay(w, from, await until)).toEqual(lines(3, 4));
    expect(await replay(w, await until)).toEqual(lines(7, 4));
    expect(await replay(w)).toEqual(lines(0, 11));
    expect(w.durableEnd().file).toBe('points-2026-11-25.lp');
  });

  it('should take its end from the files at start, and leave a torn last line out', async () => {
    const first = await writer();
    await first.write(points(0, 2));
    await first.drain();
    appendFileSync(join(dir, first.durableEnd().file), 'GenericSensor,sensor_name=S val');
    const again = await writer();
    const end = again.durableEnd();
    expect(end.offset).toBeGreaterThan(first.durableEnd().offset);
    expect(await replay(again)).toEqual(lines(0, 2));
    await again.write(points(2, 1));
    expect(await replay(again, end)).toEqual(lines(2, 1));
  });
});
