import { crc32 } from 'node:zlib';

/**
 * One journal record: a header line, then `bytes` bytes of line protocol (each line ending in \n).
 *
 *   # journal v1 lines=2 bytes=164 time=1764000000123 crc32=1c291ca3
 *   GenericSensor,line_name=L1,machine_name=M1,sensor_name=S value=1 1764000000000
 *   GenericSensor,line_name=L1,machine_name=M1,sensor_name=S value=2 1764000000001
 *
 * Line protocol reads `#` lines as comments, so a segment file is itself importable (`influx write`,
 * or a POST to /write) and readable with grep; `time` (epoch ms) is when the record was journaled,
 * so recent samples can be found without parsing the lines. The CRC-32 covers the payload, and the
 * header's length lets a reader skip a record without scanning it.
 */
export const RECORD_MAGIC = '# journal v1 ';
/** Longer than any valid header, so a garbage tail is recognised without reading far. */
const MAX_HEADER_BYTES = 160;
const HEADER = /^# journal v1 lines=(\d+) bytes=(\d+) time=(\d+) crc32=([0-9a-f]{8})$/;
const NEWLINE = 0x0a;

export interface JournalRecord {
  /** Byte offset of the header within the segment. */
  offset: number;
  /** Byte offset just past the record. */
  end: number;
  /** When it was journaled (epoch ms). */
  time: number;
  /** Number of lines, from the header. */
  count: number;
  /** The lines; empty when parsed with `decode` false (recovery only counts them). */
  lines: string[];
}

/**
 * - ok: every byte given was whole records (or maxLines was reached);
 * - short: the bytes end inside a record: `need` bytes from `next` would hold it whole;
 * - corrupt: the bytes at `next` are not a valid record (bad header or CRC mismatch).
 */
export interface ParsedRecords {
  records: JournalRecord[];
  next: number;
  status: 'ok' | 'short' | 'corrupt';
  need?: number;
  reason?: string;
}

/** Encodes `lines` as records of at most `maxLinesPerRecord` lines each, ready to append. */
export function encodeRecords(lines: readonly string[], maxLinesPerRecord: number, time: number) {
  const parts: Buffer[] = [];
  for (let i = 0; i < lines.length; i += maxLinesPerRecord) {
    const chunk = lines.slice(i, i + maxLinesPerRecord);
    const payload = Buffer.from(chunk.join('\n') + '\n', 'utf8');
    const crc = crc32(payload).toString(16).padStart(8, '0');
    const header = `${RECORD_MAGIC}lines=${chunk.length} bytes=${payload.length} time=${time} crc32=${crc}\n`;
    parts.push(Buffer.from(header, 'ascii'), payload);
  }
  return Buffer.concat(parts);
}

/**
 * Parses the records in `buffer`, which holds the segment's bytes from `baseOffset` on: whole
 * records of at most `maxLines` lines in all (but at least one record, whatever its size). The CRC
 * is checked either way; `decode` false skips splitting the payload into lines.
 */
export function parseRecords(
  buffer: Buffer,
  baseOffset = 0,
  maxLines = Infinity,
  decode = true,
): ParsedRecords {
  const records: JournalRecord[] = [];
  let pos = 0;
  let lineCount = 0;
  while (pos < buffer.length && lineCount < maxLines) {
    const eol = buffer.indexOf(NEWLINE, pos);
    const headerEnd = eol < 0 ? buffer.length : eol;
    const result = (status: ParsedRecords['status'], extra: Partial<ParsedRecords> = {}) => ({
      records,
      next: baseOffset + pos,
      status,
      ...extra,
    });
    if (headerEnd - pos > MAX_HEADER_BYTES) {
      return result('corrupt', { reason: 'no record header' });
    }
    if (eol < 0) return result('short', { need: MAX_HEADER_BYTES + 1 });
    const match = HEADER.exec(buffer.toString('latin1', pos, eol));
    if (!match) return result('corrupt', { reason: 'invalid record header' });
    const [, count, bytes, time, crc] = match;
    if (records.length > 0 && lineCount + Number(count) > maxLines) break;
    const start = eol + 1;
    const end = start + Number(bytes);
    if (end > buffer.length) return result('short', { need: end - pos });
    const payload = buffer.subarray(start, end);
    if (crc32(payload).toString(16).padStart(8, '0') !== crc) {
      return result('corrupt', { reason: 'CRC mismatch' });
    }
    const lines = decode ? payload.toString('utf8').split('\n') : [''];
    lines.pop(); // the payload ends in \n
    if (decode && lines.length !== Number(count)) {
      return result('corrupt', { reason: 'line count mismatch' });
    }
    records.push({
      offset: baseOffset + pos,
      end: baseOffset + end,
      time: Number(time),
      count: Number(count),
      lines,
    });
    lineCount += Number(count);
    pos = end;
  }
  return { records, next: baseOffset + pos, status: 'ok' };
}
