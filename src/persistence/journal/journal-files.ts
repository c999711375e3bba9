import { FileHandle, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the forwarder stands: the byte offset of the next record to send, within a segment. */
export interface JournalPosition {
  segment: number;
  offset: number;
}

const SEGMENT = /^segment-(\d{20})\.lp$/;
/** How far the forwarder got. */
export const POSITION_FILE = 'position.json';
/** From where segments are kept for replay at start (a state snapshot covers what lies before). */
export const RETAIN_FILE = 'retain.json';

/** Zero-padded, so a directory listing sorts segments in journal order. */
export function segmentFile(dir: string, seq: number): string {
  return join(dir, `segment-${String(seq).padStart(20, '0')}.lp`);
}

export function segmentSeq(name: string): number | undefined {
  const match = SEGMENT.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** A saved position, or undefined when there is none or it cannot be read. */
export async function loadPosition(
  dir: string,
  file = POSITION_FILE,
): Promise<JournalPosition | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown;
    const { segment, offset } = (value ?? {}) as Partial<JournalPosition>;
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) {
      return { segment: segment!, offset: offset! };
    }
  } catch {
    // missing or torn: replaying from the oldest segment is safe (a replayed point overwrites itself)
  }
  return undefined;
}

/**
 * Saved by rename so a reader sees the old or the new position, never a mix. Not fsync'd: the
 * position may lag after a power cut, which only replays points InfluxDB already has.
 */
export async function savePosition(
  dir: string,
  position: JournalPosition,
  file = POSITION_FILE,
): Promise<void> {
  const temp = join(dir, `.${file}.tmp`);
  await writeFile(temp, JSON.stringify(position));
  await rename(temp, join(dir, file));
}

/** Journal order: by segment, then by offset. */
export function isBefore(a: JournalPosition, b: JournalPosition): boolean {
  return a.segment < b.segment || (a.segment === b.segment && a.offset < b.offset);
}

/** One segment open for positional reads; reopened only when the reader moves to another one. */
export class SegmentReader {
  private current?: { seq: number; handle: FileHandle };

  constructor(private readonly dir: string) {}

  async read(seq: number, offset: number, length: number): Promise<Buffer> {
    if (this.current?.seq !== seq) {
      await this.close();
      this.current = { seq, handle: await open(segmentFile(this.dir, seq), 'r') };
    }
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.current.handle.read(
        buffer,
        filled,
        length - filled,
        offset + filled,
      );
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  /** Before a segment is deleted, so no handle keeps its space allocated. */
  async release(seq: number): Promise<void> {
    if (this.current?.seq === seq) await this.close();
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.handle.close();
  }
}
