import { FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { syncDirectory } from '../../common/fs/sync-directory';
import {
  JournalPosition,
  RETAIN_FILE,
  SegmentReader,
  savePosition,
  segmentFile,
} from './journal-files';
import { Segment, recoverJournal } from './journal-recovery';
import { JournalBatch, firstUnread, readBatch } from './journal-read';
import { encodeRecords } from './journal-record';
import { segmentsToDelete } from './journal-retention';
import { errorText } from '../../common/errors/error-text';

export type { JournalBatch } from './journal-read';

export interface JournalOptions {
  dir: string;
  /** Unforwarded bytes at which the journal stops accepting (JOURNAL_MAX_BYTES). */
  maxBytes: number;
  /** Lines per record: the forwarder's batch size, so a batch is always whole records. */
  recordLines: number;
  /** A segment is closed once it reaches this size; default maxBytes / 16 within [4 KiB, 64 MiB]. */
  segmentBytes?: number;
}

/**
 * The durable store-and-forward log under DATA_DIR/journal: numbered segment files of records
 * (journal-record.ts), appended with one write and one fdatasync per call, and a position file
 * saying how far the forwarder got. Whole segments behind the position are deleted. Appends must
 * not overlap (the writer's group commit runs one at a time); reads and confirms come from the
 * single forwarder.
 */
export class Journal {
  private segments: Segment[] = [];
  private position: JournalPosition = { segment: 1, offset: 0 };
  /** Segments from here on stay for replay at start, forwarded or not (see retainFrom). */
  private retain?: JournalPosition;
  private points = 0;
  private writer?: FileHandle;
  private readonly reader: SegmentReader;
  private appendWaiters: Array<() => void> = [];
  private failure?: string;
  private positionFailure?: string;
  private closed = false;

  private constructor(
    readonly options: JournalOptions,
    private readonly logger: Logger,
  ) {
    this.reader = new SegmentReader(options.dir);
  }

  static async open(options: JournalOptions, logger = new Logger(Journal.name)): Promise<Journal> {
    const journal = new Journal(options, logger);
    await mkdir(options.dir, { recursive: true });
    const recovered = await recoverJournal(options.dir, logger);
    journal.segments = recovered.segments;
    journal.position = recovered.position;
    journal.retain = recovered.retain;
    journal.points = recovered.backlogPoints;
    return journal;
  }

  get segmentBytes(): number {
    const derived = Math.floor(this.options.maxBytes / 16);
    return this.options.segmentBytes ?? Math.min(64 * 1024 * 1024, Math.max(4096, derived));
  }

  /** Where forwarding resumes: the first record InfluxDB has not confirmed. */
  get confirmed(): JournalPosition {
    return { ...this.position };
  }

  /** Just after the last durable record: where the next append starts. */
  get end(): JournalPosition {
    const last = this.segments.at(-1);
    return last ? { segment: last.seq, offset: last.size } : { ...this.position };
  }

  get backlogPoints(): number {
    return this.points;
  }

  get backlogBytes(): number {
    return this.segments.reduce((sum, s) => {
      if (s.seq < this.position.segment) return sum;
      return sum + s.size - (s.seq === this.position.segment ? this.position.offset : 0);
    }, 0);
  }

  /** Every segment byte on disk: the backlog plus the forwarded head of the oldest segment. */
  get diskBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0);
  }

  /**
   * The cap counts what is not yet forwarded, so a fully forwarded journal always takes appends
   * again; disk use stays below the cap plus one segment and one append.
   */
  get full(): boolean {
    return this.backlogBytes >= this.options.maxBytes;
  }

  /** The last append's error, until an append succeeds again. */
  get lastFailure(): string | undefined {
    return this.failure;
  }

  /** Appends `lines` as records and resolves once they are fdatasync'd. */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    if (this.closed) throw new Error('The journal is closed');
    const data = encodeRecords(lines, this.options.recordLines, Date.now());
    try {
      const segment = await this.segmentFor(data.length);
      try {
        await this.writer!.appendFile(data);
        await this.writer!.datasync();
      } catch (error) {
        // Cut a partial write off, so the next record starts where a reader expects one.
        await this.writer?.truncate(segment.size).catch(() => undefined);
        await this.closeWriter();
        throw error;
      }
      segment.size += data.length;
    } catch (error) {
      this.failure = `cannot append to ${this.options.dir}: ${errorText(error)}`;
      throw error;
    }
    this.points += lines.length;
    if (this.failure) this.logger.log(`Journal ${this.options.dir} takes appends again`);
    this.failure = undefined;
    for (const wake of this.appendWaiters.splice(0)) wake();
  }

  /** Resolves at the next successful append (or close): the forwarder's wait while idle. */
  whenAppended(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.appendWaiters.push(resolve));
  }

  /** Whole records from `from` on, up to `maxLines` lines (at least one record); none: undefined. */
  async read(from: JournalPosition, maxLines: number): Promise<JournalBatch | undefined> {
    return readBatch({ reader: this.reader, segments: this.segments }, from, maxLines);
  }

  /**
   * Every record from `from` on, a batch at a time, through a reader of its own so the forwarder
   * can go on reading meanwhile. Damaged bytes are skipped (the forwarder dead-letters them).
   */
  async *replay(
    from: JournalPosition,
    maxLines: number,
    until?: JournalPosition,
  ): AsyncGenerator<JournalBatch> {
    const reader = new SegmentReader(this.options.dir);
    try {
      let at = from;
      for (;;) {
        const batch = await readBatch({ reader, segments: this.segments }, at, maxLines, until);
        if (!batch) return;
        if (!batch.corrupt) yield batch;
        at = batch.end;
      }
    } finally {
      await reader.close();
    }
  }

  /**
   * A state snapshot covers everything before `position`: segments wholly before it need no longer
   * be kept for replay, and go once forwarded. Saved, so a restart keeps what a replay will need.
   */
  async retainFrom(position: JournalPosition): Promise<void> {
    if (this.closed) return;
    this.retain = { ...position };
    await savePosition(this.options.dir, this.retain, RETAIN_FILE);
    await this.deleteDone();
  }

  /** Whether nothing is journaled at or after `position` (yet). */
  endsAt(position: JournalPosition): boolean {
    return firstUnread(this.segments, position) === undefined;
  }

  /** InfluxDB has `batch`: move the position past it and delete segments left wholly behind. */
  async confirm(batch: JournalBatch): Promise<void> {
    if (this.closed) return;
    this.position = { ...batch.end };
    this.points = this.backlogBytes === 0 ? 0 : Math.max(0, this.points - batch.lines.length);
    await this.deleteDone();
    // Deleting came first, since it frees space: a full disk must not keep the journal from draining.
    // A position not saved only means a restart replays more (recovery skips deleted segments).
    try {
      await savePosition(this.options.dir, this.position);
      this.positionFailure = undefined;
    } catch (error) {
      if (this.positionFailure === undefined) {
        this.logger.warn(`Cannot save the journal position: ${errorText(error)}`);
      }
      this.positionFailure = errorText(error);
    }
  }

  /**
   * Deletes segments wholly forwarded and wholly before the retain position. Kept forwarded bytes
   * are bounded by maxBytes as well: past that the oldest go, and a replay starts later.
   */
  private async deleteDone(): Promise<void> {
    const { done, cut } = segmentsToDelete(
      this.segments,
      this.position,
      this.retain,
      this.options.maxBytes,
    );
    if (cut) {
      this.logger.warn(
        `Journal ${this.options.dir}: forwarded segments kept for replay passed JOURNAL_MAX_BYTES; ` +
          `deleting up to segment ${done.at(-1)!.seq}, so a restart replays less`,
      );
    }
    for (const segment of done) {
      await this.reader.release(segment.seq);
      await rm(segmentFile(this.options.dir, segment.seq), { force: true });
    }
    this.segments = this.segments.filter((s) => !done.includes(s));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.appendWaiters.splice(0)) wake();
    await this.closeWriter();
    await this.reader.close();
  }

  /** The segment to append `bytes` to: the newest, or a new one once the newest is full. */
  private async segmentFor(bytes: number): Promise<Segment> {
    const last = this.segments.at(-1);
    if (last && (last.size === 0 || last.size + bytes <= this.segmentBytes)) {
      this.writer ??= await open(segmentFile(this.options.dir, last.seq), 'a');
      return last;
    }
    await this.closeWriter();
    const segment = { seq: last ? last.seq + 1 : this.position.segment, size: 0 };
    this.writer = await open(segmentFile(this.options.dir, segment.seq), 'a');
    // The new name must survive a power cut together with the records about to be synced into it.
    await syncDirectory(this.options.dir);
    this.segments.push(segment);
    return segment;
  }

  private async closeWriter(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    await writer?.close().catch(() => undefined);
  }
}
