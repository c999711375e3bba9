import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from '../../common/fs/sync-directory';

/** Prefix of the temp files writeFileAtomic leaves behind only when the process dies mid-write. */
export function tempPrefix(file: string): string {
  return `.${basename(file)}.`;
}

/**
 * Replaces `file` with `data` so that after a crash at any instant the file holds either the old
 * or the new content, never a torn mix: write a temp file in the same directory (rename is atomic
 * only within one file system), fsync it, rename it over the target, then fsync the directory so
 * the rename itself survives a power cut.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `${tempPrefix(file)}${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(data, 'utf8');
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
}
