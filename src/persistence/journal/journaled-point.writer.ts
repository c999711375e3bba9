import { basename, join } from 'node:path';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Point } from '@influxdata/influxdb-client';
import { StorageUnavailableError } from '../../common/errors/domain-errors';
import { MetricsService } from '../../health/metrics.service';
import type { LogBatch, LogPosition } from '../durable-log';
import { GroupCommit } from '../group-commit';
import { InfluxConnection } from '../influx/influx-connection';
import { InfluxSink } from '../influx/influx-sink';
import { toLineProtocol } from '../line-protocol';
import { JournalHealth, PointWriter, WriterHealth } from '../point-writer';
import { DeadLetterFile } from './dead-letter-file';
import { Journal } from './journal';
import { JournalPosition, segmentFile, segmentSeq } from './journal-files';
import { JournalForwarder } from './journal-forwarder';
import { enqueueTracked, failedWrite, recordWrite } from '../write-metrics';

const WRITER = 'journal';
/** Lines per journal append: one fdatasync covers them all, so a 100,000-value series costs two. */
const MAX_APPEND_LINES = 50_000;
/** Lines per batch read back for replay. */
const REPLAY_LINES = 10_000;
/** What a PLC is told to wait when the journal is full: long enough for a backlog to move. */
const FULL_RETRY_AFTER_SECONDS = 10;

export interface JournaledWriterOptions {
  dataDir: string;
  /** JOURNAL_MAX_BYTES. */
  maxBytes: number;
  /** How long SIGTERM keeps forwarding before the process exits (JOURNAL_SHUTDOWN_FORWARD_MS). */
  shutdownForwardMs: number;
}

/**
 * The writer in front of InfluxDB: `write()` resolves once the points are fdatasync'd in the journal
 * under DATA_DIR/journal (group commit: requests arriving together share one append and one sync),
 * and the forwarder takes them to InfluxDB from there, for as long as that takes. Only a full
 * journal (JOURNAL_MAX_BYTES) or a failing disk refuses a write: 503 with Retry-After, nothing kept.
 */
export class JournaledPointWriter
  extends PointWriter
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger(JournaledPointWriter.name);
  private readonly commit: GroupCommit<string>;

  constructor(
    private readonly journal: Journal,
    private readonly forwarder: JournalForwarder,
    private readonly sink: InfluxSink,
    private readonly metrics: MetricsService,
    private readonly shutdownForwardMs: number,
  ) {
    super();
    this.commit = new GroupCommit<string>({
      maxBatch: MAX_APPEND_LINES,
      flush: (lines) => this.append(lines),
      // A full or broken disk does not heal within a request's wait: answer 503 at once.
      onFailure: (error) => ({ action: 'fail', error: this.appendError(error) }),
    });
    sink.readiness.onReady = () => forwarder.wake();
  }

  static async open(
    connection: InfluxConnection,
    metrics: MetricsService,
    options: JournaledWriterOptions,
  ): Promise<JournaledPointWriter> {
    const { batchSize, jitterIntervalMs } = connection.config;
    const dir = join(options.dataDir, 'journal');
    const journal = await Journal.open({ dir, maxBytes: options.maxBytes, recordLines: batchSize });
    const sink = new InfluxSink(connection, metrics);
    const deadLetters = new DeadLetterFile(join(options.dataDir, 'dead-letter.lp'));
    const forwarder = new JournalForwarder(journal, sink, deadLetters, metrics, {
      batchSize,
      jitterMs: jitterIntervalMs,
    });
    const writer = new JournaledPointWriter(
      journal,
      forwarder,
      sink,
      metrics,
      options.shutdownForwardMs,
    );
    if (journal.backlogPoints > 0) {
      const { segment, offset } = journal.confirmed;
      writer.logger.log(
        `Journal ${dir} holds ${journal.backlogPoints} points (${journal.backlogBytes} bytes) ` +
          `not yet confirmed by InfluxDB; forwarding them from segment ${segment} offset ${offset}`,
      );
    }
    return writer;
  }

  onModuleInit(): void {
    this.sink.start();
    this.forwarder.start();
  }

  /** Answers the requests in flight once journaled, forwards for a bounded time, then closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.commit.drain();
    await this.forwarder.stop(this.shutdownForwardMs);
    // Ends a write still in flight; its batch stays in the journal for the next start.
    this.sink.stop();
    await this.forwarder.finished();
    await this.journal.close();
    const left = this.journal.backlogPoints;
    if (left > 0) this.logger.warn(`${left} points stay in the journal for the next start`);
  }

  async write(points: Point[]): Promise<void> {
    if (this.journal.full) {
      throw new StorageUnavailableError(
        `${this.journalDetail()}; nothing of this request was kept, resend it later`,
        FULL_RETRY_AFTER_SECONDS,
      );
    }
    await enqueueTracked(this.commit, toLineProtocol(points), this.metrics, WRITER);
  }

  health(): WriterHealth {
    const influxdb = this.sink.state();
    const journal = this.journalHealth();
    return {
      ready: journal.accepting,
      kind: 'influxdb',
      detail: `${journal.detail}; InfluxDB ${influxdb.detail}`,
      ...(influxdb.version ? { version: influxdb.version } : {}),
      ...(influxdb.api ? { api: influxdb.api } : {}),
      backlog: this.commit.backlog + journal.backlogPoints,
      journal,
      influxdb,
    };
  }

  drain(): Promise<void> {
    return this.commit.drain();
  }

  durableEnd(): LogPosition {
    return this.toLog(this.journal.end);
  }

  checkpoint(): Promise<LogPosition> {
    return this.commit.barrier(() => this.durableEnd());
  }

  async *replay(from: LogPosition | undefined, until?: LogPosition): AsyncGenerator<LogBatch> {
    const start = from ? this.fromLog(from) : { segment: 0, offset: 0 };
    const end = until && this.fromLog(until);
    for await (const batch of this.journal.replay(start, REPLAY_LINES, end)) {
      yield { lines: batch.lines, end: this.toLog(batch.end), writtenAt: batch.firstTime };
    }
  }

  retainFrom(position: LogPosition): Promise<void> {
    return this.journal.retainFrom(this.fromLog(position));
  }

  private toLog({ segment, offset }: JournalPosition): LogPosition {
    return { log: 'journal', file: basename(segmentFile('', segment)), offset };
  }

  private fromLog(position: LogPosition): JournalPosition {
    const segment = segmentSeq(position.file);
    if (position.log !== 'journal' || segment === undefined) {
      throw new Error(`Not a journal position: ${JSON.stringify(position)}`);
    }
    return { segment, offset: position.offset };
  }

  private journalHealth(): JournalHealth {
    const oldest = this.forwarder.oldestUnsentTime;
    return {
      accepting: !this.journal.full && this.journal.lastFailure === undefined,
      detail: this.journalDetail(),
      backlogPoints: this.journal.backlogPoints,
      backlogBytes: this.journal.backlogBytes,
      diskBytes: this.journal.diskBytes,
      maxBytes: this.journal.options.maxBytes,
      oldestUnsentAgeSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
      deadLetterFile: this.forwarder.deadLetters.path,
    };
  }

  private journalDetail(): string {
    const { backlogBytes, backlogPoints, lastFailure } = this.journal;
    const { maxBytes } = this.journal.options;
    if (lastFailure) return `journal failing: ${lastFailure}`;
    if (this.journal.full) {
      return `journal full: ${backlogPoints} points (${backlogBytes} bytes, JOURNAL_MAX_BYTES=${maxBytes}) waiting for InfluxDB`;
    }
    return `journal accepting: ${backlogPoints} points waiting for InfluxDB`;
  }

  private async append(lines: string[]): Promise<void> {
    const started = performance.now();
    await this.journal.append(lines);
    recordWrite(this.metrics, WRITER, lines.length, started);
  }

  private appendError(error: unknown): StorageUnavailableError {
    const what = `cannot journal under ${this.journal.options.dir}`;
    const detail = failedWrite(this.metrics, WRITER, what, error);
    this.logger.error(detail);
    return new StorageUnavailableError(`${detail}; nothing was kept`, FULL_RETRY_AFTER_SECONDS);
  }
}
