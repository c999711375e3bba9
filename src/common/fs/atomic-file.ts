import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from './sync-directory';

/** Prefix of the temp files writeFileAtomic leaves behind only when the process dies mid-write. */
export function tempPrefix(file: string): string {
  return `.${basename(file)}.`;
}

/**
 * Replaces `file` with `data` so that after a crash at any instant the file holds either the old
 * or the new content, never a torn mix: write a temp file in the same directory (rename is atomic
 * only within one file system), fsync it, rename it over the target, then fsync the directory so
 * the rename itself survives a power cut. `data` is the text, or its chunks; resolves with its bytes.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Iterable<string>,
): Promise<number> {
  const dir = dirname(file);
  const temp = join(dir, `${tempPrefix(file)}${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  let bytes = 0;
  try {
    // Chunks are written one by one, each awaited: a large file is made a piece at a time while
    // the event loop goes on in between.
    for (const chunk of typeof data === 'string' ? [data] : data) {
      bytes += Buffer.byteLength(chunk);
      await handle.writeFile(chunk, 'utf8');
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
  return bytes;
}

/**
 * Deletes the temp files writeFileAtomic left next to `file` when the process died mid-write; the
 * target still holds the last complete content. For start-up, before anything writes `file`.
 */
export async function removeTempFiles(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp'))
      await rm(join(dir, name), { force: true });
  }
}
