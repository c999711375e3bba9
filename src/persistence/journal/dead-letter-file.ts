import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from '../../common/fs/sync-directory';

/**
 * Lines InfluxDB refused as data (a field type conflict, say), kept with the reason in one
 * line-protocol file so nothing is dropped silently. Each entry is a `#` comment naming the time
 * and the reason, then the lines as they were sent: once the cause is fixed (or the lines edited),
 * the file can be written to InfluxDB as it is, because line protocol skips comment lines.
 */
export class DeadLetterFile {
  constructor(readonly path: string) {}

  /** Resolves once the entry is fdatasync'd: only then may the journal move past the lines. */
  async append(lines: readonly string[], reason: string, now = new Date()): Promise<void> {
    const oneLine = reason.replace(/[\r\n]+/g, ' ');
    const entry = `# ${now.toISOString()} refused: ${oneLine}\n${lines.join('\n')}\n`;
    await this.write(entry);
  }

  /** Bytes that are not journal records (disk damage), kept as they are for a person to look at. */
  async appendRaw(data: Buffer, reason: string, now = new Date()): Promise<void> {
    const header = `# ${now.toISOString()} ${reason.replace(/[\r\n]+/g, ' ')}; raw bytes follow\n`;
    const tail = data.length > 0 && data[data.length - 1] !== 0x0a ? '\n' : '';
    await this.write(Buffer.concat([Buffer.from(header), data, Buffer.from(tail)]));
  }

  private async write(data: string | Buffer): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a');
    try {
      const { size } = await handle.stat();
      await handle.appendFile(data);
      await handle.datasync();
      // A new file's name must survive a power cut too.
      if (size === 0) await syncDirectory(dirname(this.path));
    } finally {
      await handle.close();
    }
  }
}
