import { FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { syncDirectory } from '../../common/fs/sync-directory';
import { JournalPosition, SegmentReader, savePosition, segmentFile } from './journal-files';
import { Segment, recoverJournal } from './journal-recovery';
import { encodeRecords, parseRecords } from './journal-record';

export interface JournalOptions {
  dir: string;
  /** Unforwarded bytes at which the journal stops accepting (JOURNAL_MAX_BYTES). */
  maxBytes: number;
  /** Lines per record: the forwarder's batch size, so a batch is always whole records. */
  recordLines: number;
  /** A segment is closed once it reaches this size; default maxBytes / 16 within [4 KiB, 64 MiB]. */
  segmentBytes?: number;
}

/** What the forwarder reads: whole records from `start` to `end`. */
export interface JournalBatch {
  start: JournalPosition;
  end: JournalPosition;
  lines: string[];
  /** When the first record was journaled (epoch ms). */
  firstTime: number;
  /** Bytes at `start` that are no valid record (disk damage), to be dead-lettered as they are. */
  corrupt?: { data: Buffer; reason: string };
}

/** Largest read per batch; a record larger than this is read whole in a second read. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

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
    const at = this.firstUnread(from);
    if (!at) return undefined;
    const size = this.segments.find((s) => s.seq === at.segment)!.size;
    const available = size - at.offset;
    let buffer = await this.reader.read(
      at.segment,
      at.offset,
      Math.min(available, READ_CHUNK_BYTES),
    );
    let parsed = parseRecords(buffer, at.offset, maxLines);
    if (parsed.records.length === 0 && parsed.status === 'short' && buffer.length < available) {
      buffer = await this.reader.read(at.segment, at.offset, Math.min(available, parsed.need!));
      parsed = parseRecords(buffer, at.offset, maxLines);
    }
    if (parsed.records.length > 0) {
      return {
        start: at,
        end: { segment: at.segment, offset: parsed.next },
        lines: parsed.records.flatMap((r) => r.lines),
        firstTime: parsed.records[0].time,
      };
    }
    // No record where one must be: disk damage. The rest of the segment goes on as it is.
    const data = await this.reader.read(at.segment, at.offset, available);
    const reason = `journal segment ${at.segment} damaged at offset ${at.offset}: ${parsed.reason ?? 'truncated record'}`;
    return {
      start: at,
      end: { segment: at.segment, offset: size },
      lines: [],
      firstTime: Date.now(),
      corrupt: { data, reason },
    };
  }

  /** Whether nothing is journaled at or after `position` (yet). */
  endsAt(position: JournalPosition): boolean {
    return this.firstUnread(position) === undefined;
  }

  /** InfluxDB has `batch`: move the position past it and delete segments left wholly behind. */
  async confirm(batch: JournalBatch): Promise<void> {
    if (this.closed) return;
    this.position = { ...batch.end };
    this.points = this.backlogBytes === 0 ? 0 : Math.max(0, this.points - batch.lines.length);
    const active = this.segments.at(-1);
    const done = this.segments.filter(
      (s) =>
        s !== active &&
        (s.seq < this.position.segment ||
          (s.seq === this.position.segment && this.position.offset >= s.size)),
    );
    for (const segment of done) {
      await this.reader.release(segment.seq);
      await rm(segmentFile(this.options.dir, segment.seq), { force: true });
    }
    this.segments = this.segments.filter((s) => !done.includes(s));
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

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.appendWaiters.splice(0)) wake();
    await this.closeWriter();
    await this.reader.close();
  }

  /** The position of the next unread byte at or after `from`, skipping segments read to the end. */
  private firstUnread(from: JournalPosition): JournalPosition | undefined {
    for (const s of this.segments) {
      if (s.seq < from.segment) continue;
      const offset = s.seq === from.segment ? from.offset : 0;
      if (offset < s.size) return { segment: s.seq, offset };
    }
    return undefined;
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

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
