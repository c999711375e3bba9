import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogBatch, LogPosition } from '../durable-log';

const FILE = /^points-\d{4}-\d{2}-\d{2}\.lp$/;
const CHUNK_BYTES = 4 * 1024 * 1024;

/** The daily files in log order (their names sort by date). */
export async function lineProtocolFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => FILE.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Just after the newest file's last byte; undefined when there is no file yet. */
export async function lineProtocolEnd(dir: string): Promise<LogPosition | undefined> {
  const file = (await lineProtocolFiles(dir)).at(-1);
  if (file === undefined) return undefined;
  return { log: 'line-protocol-file', file, offset: (await stat(join(dir, file))).size };
}

/**
 * The data lines of the daily files from `from` on (all files when undefined) up to `until`
 * (the end when undefined), in chunks. Comment
 * and empty lines are left out, and so is a last line without its newline: a write torn by a
 * crash, never acknowledged.
 */
export async function* readLineProtocol(
  dir: string,
  from: LogPosition | undefined,
  until?: LogPosition,
): AsyncGenerator<LogBatch> {
  for (const file of await lineProtocolFiles(dir)) {
    if (from && file < from.file) continue;
    if (until && file > until.file) return;
    const handle = await open(join(dir, file), 'r');
    try {
      let offset = from && file === from.file ? from.offset : 0;
      const stop = until && file === until.file ? until.offset : Infinity;
      let carry = '';
      for (;;) {
        const length = Math.min(CHUNK_BYTES, stop - offset);
        if (length <= 0) break;
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        const lastNewline = chunk.lastIndexOf(0x0a);
        if (lastNewline < 0) {
          carry += chunk.toString('utf8');
          offset += bytesRead;
          continue;
        }
        const text = carry + chunk.subarray(0, lastNewline).toString('utf8');
        carry = chunk.subarray(lastNewline + 1).toString('utf8');
        offset += bytesRead;
        const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
        const end = offset - Buffer.byteLength(carry);
        if (lines.length > 0)
          yield { lines, end: { log: 'line-protocol-file', file, offset: end } };
      }
    } finally {
      await handle.close();
    }
  }
}
