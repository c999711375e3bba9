import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Point } from '@influxdata/influxdb-client';
import { StorageUnavailableError } from '../../common/errors/domain-errors';
import { MetricsService } from '../../health/metrics.service';
import { FILE_HEADER, LineProtocolFileWriter, fileName } from './line-protocol-file.writer';

const point = (value: number, time = 1764000000000 + value) =>
  new Point('GenericSensor')
    .tag('line_name', 'L 1')
    .tag('machine_name', 'M')
    .tag('sensor_name', 'S')
    .floatField('value', value)
    .timestamp(time);
const line = (value: number, time = 1764000000000 + value) =>
  `GenericSensor,line_name=L\\ 1,machine_name=M,sensor_name=S value=${value} ${time}`;

async function batchCount(metrics: MetricsService): Promise<number> {
  const { values } = await metrics.writeBatchPoints.get();
  return values.find((v) => v.metricName === 'iiot_write_batch_points_count')?.value ?? 0;
}

describe(LineProtocolFileWriter.name, () => {
  let root: string;
  let metrics: MetricsService;
  let clock: Date;
  let writer: LineProtocolFileWriter;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lp-writer-'));
    metrics = new MetricsService();
    clock = new Date('2025-11-24T16:00:00Z');
    writer = new LineProtocolFileWriter(join(root, 'data'), metrics, () => clock);
  });
  afterEach(async () => {
    await writer.drain();
    rmSync(root, { recursive: true, force: true });
  });

  const fileOf = (date: string) => join(root, 'data', `points-${date}.lp`);

  it('should create the directory and hold exactly the header and the lines once write() resolved', async () => {
    await writer.write([point(1), point(2)]);
    expect(readFileSync(fileOf('2025-11-24'), 'utf8')).toBe(
      `${FILE_HEADER}${line(1)}\n${line(2)}\n`,
    );
    expect(writer.health()).toMatchObject({ ready: true, kind: 'line-protocol-file', backlog: 0 });
  });

  it('should group concurrent writes into fewer write+fdatasync rounds', async () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    await Promise.all(values.map((v) => writer.write([point(v)])));
    const batches = await batchCount(metrics);
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThan(10);
    const lines = readFileSync(fileOf('2025-11-24'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.sort()).toEqual(values.map((v) => line(v)).sort());
  });

  it('should rotate daily by the UTC date of the write', async () => {
    clock = new Date('2025-11-24T23:59:59.999Z');
    await writer.write([point(1)]);
    clock = new Date('2025-11-25T00:00:00.000Z');
    await writer.write([point(2)]);
    expect(readdirSync(join(root, 'data')).sort()).toEqual([
      'points-2025-11-24.lp',
      'points-2025-11-25.lp',
    ]);
    expect(readFileSync(fileOf('2025-11-25'), 'utf8')).toBe(`${FILE_HEADER}${line(2)}\n`);
    expect(fileName(new Date('2025-01-02T23:30:00-05:00'))).toBe('points-2025-01-03.lp');
  });

  it('should append to an existing file without a second header, after a torn last line', async () => {
    const file = fileOf('2025-11-24');
    await writer.write([point(1)]);
    await writer.drain();
    writeFileSync(file, 'GenericSensor,line_na', { flag: 'a' });
    await writer.write([point(2)]);
    expect(readFileSync(file, 'utf8')).toBe(
      `${FILE_HEADER}${line(1)}\nGenericSensor,line_na\n${line(2)}\n`,
    );
  });

  it('should close the file in drain() and reopen it for the next write', async () => {
    await writer.write([point(1)]);
    const openFds = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === fileOf('2025-11-24');
        } catch {
          return false;
        }
      });
    if (existsSync('/proc/self/fd')) expect(openFds()).toHaveLength(1);
    await writer.drain();
    if (existsSync('/proc/self/fd')) expect(openFds()).toHaveLength(0);
    await writer.write([point(2)]);
    expect(readFileSync(fileOf('2025-11-24'), 'utf8')).toContain(line(2));
  });

  it('should reject with StorageUnavailableError and report not ready when it cannot write', async () => {
    writeFileSync(join(root, 'data'), 'a file where the directory should be');
    await expect(writer.write([point(1)])).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(writer.health()).toMatchObject({ ready: false, backlog: 0 });
    const { values } = await metrics.writesFailed.get();
    expect(values[0]).toMatchObject({ labels: { writer: 'line-protocol-file' }, value: 1 });

    rmSync(join(root, 'data'));
    await writer.write([point(2)]);
    expect(writer.health().ready).toBe(true);
  });
});
