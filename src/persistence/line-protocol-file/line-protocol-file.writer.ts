import { FileHandle, mkdir, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Point } from '@influxdata/influxdb-client';
import { StorageUnavailableError } from '../../common/errors/domain-errors';
import { syncDirectory } from '../../common/fs/sync-directory';
import { MetricsService } from '../../health/metrics.service';
import type { LogBatch, LogPosition } from '../durable-log';
import { GroupCommit } from '../group-commit';
import { toLineProtocol } from '../line-protocol';
import { PointWriter, WriterHealth } from '../point-writer';
import { enqueueTracked, failedWrite, recordWrite } from '../write-metrics';
import { lineProtocolEnd, readLineProtocol } from './line-protocol-file.reader';

const WRITER = 'line-protocol-file';
/** Lines per write + fdatasync; large enough that a 100,000-value series costs only a few syncs. */
const MAX_BATCH_LINES = 20_000;

/** The database `influx -import` (1.x) loads into: the default INFLUX_BUCKET. */
export const IMPORT_DATABASE = 'iiot';

/**
 * Every file starts with this. Line protocol treats `#` lines as comments, so `influx write`
 * (2.x/3.x) and a plain POST to `/write` read the file as is; `influx -import` (1.x) needs exactly
 * the `# DML` and `# CONTEXT-DATABASE` lines, or it runs the data lines as InfluxQL statements.
 */
export const FILE_HEADER = [
  '# InfluxDB line protocol, millisecond precision, written by the IIoT analytics service.',
  '# InfluxDB 2.x/3.x: influx write --bucket <bucket> --precision ms --file <this file>',
  `# InfluxDB 1.x: influx -import -path=<this file> -precision=ms (database "${IMPORT_DATABASE}" must exist)`,
  '# DML',
  `# CONTEXT-DATABASE: ${IMPORT_DATABASE}`,
  '',
].join('\n');

interface OpenFile {
  path: string;
  handle: FileHandle;
  size: number;
  /** Created by this writer: its directory entry still has to be made durable. */
  isNew: boolean;
  /** The file ends in a torn line (crash mid-write): start on a fresh line. */
  needsNewline: boolean;
}

/**
 * The embedded default (no InfluxDB configured): appends line protocol to
 * `<dir>/points-YYYY-MM-DD.lp` (UTC date of the write) and acknowledges only after fdatasync.
 * Group commit makes concurrent requests share one write and one sync.
 */
export class LineProtocolFileWriter
  extends PointWriter
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger(LineProtocolFileWriter.name);
  private readonly commit: GroupCommit<string>;
  private file?: OpenFile;
  /** Just after the last durable write; read from the files at init. */
  private end?: LogPosition;
  private lastError?: string;

  constructor(
    readonly dir: string,
    private readonly metrics: MetricsService,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    this.commit = new GroupCommit<string>({
      maxBatch: MAX_BATCH_LINES,
      flush: (lines) => this.append(lines),
      // A full or broken disk does not heal within a request's wait: answer 503 at once.
      onFailure: (error) => ({ action: 'fail', error: this.storageError(error) }),
    });
  }

  async onModuleInit(): Promise<void> {
    this.end ??= await lineProtocolEnd(this.dir);
  }

  durableEnd(): LogPosition {
    return this.end ?? { log: 'line-protocol-file', file: fileName(this.now()), offset: 0 };
  }

  checkpoint(): Promise<LogPosition> {
    return this.commit.barrier(() => this.durableEnd());
  }

  replay(from: LogPosition | undefined, until?: LogPosition): AsyncIterable<LogBatch> {
    return readLineProtocol(this.dir, from, until);
  }

  /** The files are the data itself: they are kept whatever a snapshot covers. */
  retainFrom(): Promise<void> {
    return Promise.resolve();
  }

  async write(points: Point[]): Promise<void> {
    await enqueueTracked(this.commit, toLineProtocol(points), this.metrics, WRITER);
  }

  health(): WriterHealth {
    return {
      ready: this.lastError === undefined,
      kind: WRITER,
      detail: this.lastError ?? `appending to ${this.file?.path ?? this.dir}`,
      backlog: this.commit.backlog,
    };
  }

  /** Waits for every accepted write, then closes the file (the next write reopens it). */
  async drain(): Promise<void> {
    await this.commit.drain();
    const file = this.file;
    this.file = undefined;
    await file?.handle.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private async append(lines: string[]): Promise<void> {
    const started = performance.now();
    const file = await this.open(join(this.dir, fileName(this.now())));
    const data =
      (file.size === 0 ? FILE_HEADER : file.needsNewline ? '\n' : '') + lines.join('\n') + '\n';
    try {
      await file.handle.appendFile(data);
      await file.handle.datasync();
      if (file.isNew) await syncDirectory(this.dir);
    } catch (error) {
      // Cut a partial write off, or the next batch's first line would be glued to it.
      await file.handle.truncate(file.size).catch(() => undefined);
      await this.closeAfterError(file);
      throw error;
    }
    file.size += Buffer.byteLength(data);
    this.end = { log: 'line-protocol-file', file: basename(file.path), offset: file.size };
    file.isNew = file.needsNewline = false;
    recordWrite(this.metrics, WRITER, lines.length, started);
    if (this.lastError) this.logger.log(`Writing to ${file.path} again`);
    this.lastError = undefined;
  }

  private async open(path: string): Promise<OpenFile> {
    if (this.file?.path === path) return this.file;
    const previous = this.file;
    this.file = undefined;
    await previous?.handle.close();
    await mkdir(this.dir, { recursive: true });
    const handle = await open(path, 'a+');
    const { size } = await handle.stat();
    let needsNewline = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      needsNewline = last[0] !== 0x0a;
    }
    this.file = { path, handle, size, isNew: size === 0, needsNewline };
    return this.file;
  }

  private async closeAfterError(file: OpenFile): Promise<void> {
    if (this.file === file) this.file = undefined;
    await file.handle.close().catch(() => undefined);
  }

  private storageError(error: unknown): StorageUnavailableError {
    const what = `cannot write line protocol under ${this.dir}`;
    this.lastError = failedWrite(this.metrics, WRITER, what, error);
    this.logger.error(this.lastError);
    return new StorageUnavailableError(`${this.lastError}; nothing was stored`, 10);
  }
}

/** Daily files by UTC date, so a file never mixes days whatever the server's time zone. */
export function fileName(date: Date): string {
  return `points-${date.toISOString().slice(0, 10)}.lp`;
}
