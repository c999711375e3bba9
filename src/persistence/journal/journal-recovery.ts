import { readFile, readdir, rm, truncate } from 'node:fs/promises';
import type { Logger } from '@nestjs/common';
import {
  JournalPosition,
  RETAIN_FILE,
  loadPosition,
  segmentFile,
  segmentSeq,
} from './journal-files';
import { parseRecords } from './journal-record';

export interface Segment {
  seq: number;
  /** Bytes of whole, fsync'd records. */
  size: number;
}

export interface RecoveredJournal {
  segments: Segment[];
  position: JournalPosition;
  /** Segments from here on are kept, forwarded or not, for replay at start. */
  retain?: JournalPosition;
  /** Points from the position on, still to be forwarded. */
  backlogPoints: number;
}

/**
 * Reads the journal back after a start: drops segments the saved position says were forwarded
 * (unless the retain position still keeps them for replay),
 * checks every record's CRC, and cuts a torn tail off the newest segment. Only the newest segment
 * can end in a torn record: a record is acknowledged after its fdatasync, and a segment is closed
 * only after its last record was synced. Anything invalid in an older segment is disk damage; the
 * forwarder hands those bytes to the dead-letter file when it reaches them.
 */
export async function recoverJournal(dir: string, logger: Logger): Promise<RecoveredJournal> {
  const seqs = (await readdir(dir))
    .map(segmentSeq)
    .filter((seq): seq is number => seq !== undefined)
    .sort((a, b) => a - b);
  const saved = await loadPosition(dir);
  const retain = await loadPosition(dir, RETAIN_FILE);
  const keepFrom = Math.min(saved?.segment ?? 0, retain?.segment ?? Infinity);
  // Deleting forwarded segments may not have happened (or survived a power cut) before the stop.
  for (const seq of seqs.filter((s) => s < keepFrom)) {
    await rm(segmentFile(dir, seq), { force: true });
  }
  const live = seqs.filter((s) => s >= keepFrom);
  let position: JournalPosition =
    saved && live.includes(saved.segment)
      ? saved
      : {
          segment: live.find((s) => !saved || s >= saved.segment) ?? saved?.segment ?? 1,
          offset: 0,
        };
  const segments: Segment[] = [];
  let backlogPoints = 0;

  for (const [i, seq] of live.entries()) {
    const file = segmentFile(dir, seq);
    const data = await readFile(file);
    const parsed = parseRecords(data, 0, Infinity, false);
    let size = data.length;
    if (parsed.status !== 'ok' && i === live.length - 1) {
      logger.warn(
        `Journal ${file}: cut ${data.length - parsed.next} bytes of a torn tail at offset ` +
          `${parsed.next} (${parsed.reason ?? 'incomplete record'}); they were never acknowledged`,
      );
      await truncate(file, parsed.next);
      size = parsed.next;
    } else if (parsed.status !== 'ok') {
      logger.error(
        `Journal ${file}: ${parsed.reason ?? 'incomplete record'} at offset ${parsed.next}; ` +
          'the bytes from there to the end of the segment will go to the dead-letter file',
      );
    }
    if (seq === position.segment) {
      const boundary =
        position.offset === parsed.next || parsed.records.some((r) => r.offset === position.offset);
      if (!boundary) position = { segment: seq, offset: 0 };
    }
    for (const record of parsed.records) {
      const unsent =
        seq > position.segment || (seq === position.segment && record.offset >= position.offset);
      if (unsent) backlogPoints += record.count;
    }
    segments.push({ seq, size });
  }
  return { segments, position, retain, backlogPoints };
}
