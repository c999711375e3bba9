import { JournalPosition, SegmentReader, isBefore } from './journal-files';
import type { Segment } from './journal-recovery';
import { parseRecords } from './journal-record';

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
 * Whole records from `from` on (before `until`, when given), up to `maxLines` lines but at least
 * one record; undefined when there are none. Bytes where a record must be but none is (disk
 * damage) come back as `corrupt`, from there to the end of the segment.
 */
export async function readBatch(
  { reader, segments }: { reader: SegmentReader; segments: readonly Segment[] },
  from: JournalPosition,
  maxLines: number,
  until?: JournalPosition,
): Promise<JournalBatch | undefined> {
  const at = firstUnread(segments, from);
  if (!at || (until && !isBefore(at, until))) return undefined;
  const segmentSize = segments.find((s) => s.seq === at.segment)!.size;
  const size = until?.segment === at.segment ? Math.min(until.offset, segmentSize) : segmentSize;
  const available = size - at.offset;
  let buffer = await reader.read(at.segment, at.offset, Math.min(available, READ_CHUNK_BYTES));
  let parsed = parseRecords(buffer, at.offset, maxLines);
  if (parsed.records.length === 0 && parsed.status === 'short' && buffer.length < available) {
    buffer = await reader.read(at.segment, at.offset, Math.min(available, parsed.need!));
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
  const data = await reader.read(at.segment, at.offset, available);
  const reason = `journal segment ${at.segment} damaged at offset ${at.offset}: ${parsed.reason ?? 'truncated record'}`;
  return {
    start: at,
    end: { segment: at.segment, offset: size },
    lines: [],
    firstTime: Date.now(),
    corrupt: { data, reason },
  };
}

/** The position of the next unread byte at or after `from`, skipping segments read to the end. */
export function firstUnread(
  segments: readonly Segment[],
  from: JournalPosition,
): JournalPosition | undefined {
  for (const s of segments) {
    if (s.seq < from.segment) continue;
    const offset = s.seq === from.segment ? from.offset : 0;
    if (offset < s.size) return { segment: s.seq, offset };
  }
  return undefined;
}
