import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTempFiles, tempPrefix, writeFileAtomic } from './atomic-file';

jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return { ...actual, rename: jest.fn(actual.rename) };
});
const { rename } = jest.requireMock<{ rename: jest.MockedFunction<typeof realRename> }>(
  'node:fs/promises',
);
const realRename = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises').rename;

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should replace the content and leave only the target file', async () => {
    const file = join(dir, 'orders.json');
    writeFileSync(file, 'old content that is longer than the new one');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['orders.json']);
  });

  it('should have the complete new content in a temp file of the same directory when it renames', async () => {
    const file = join(dir, 'orders.json');
    const data = 'x'.repeat(1 << 20);
    let seenAtRename = '';
    rename.mockImplementationOnce(async (from, to) => {
      expect(String(from).startsWith(join(dir, tempPrefix(file)))).toBe(true);
      seenAtRename = readFileSync(from, 'utf8');
      return realRename(from, to);
    });
    await writeFileAtomic(file, data);
    expect(seenAtRename.length).toBe(data.length);
  });

  it('should leave the old file untouched and remove its temp file when the rename fails', async () => {
    const file = join(dir, 'orders.json');
    writeFileSync(file, 'old');
    rename.mockRejectedValueOnce(new Error('EIO'));
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow('EIO');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['orders.json']);
  });

  it('should write chunks in order and answer the bytes written', async () => {
    const file = join(dir, 'snapshot.ndjson');
    const chunks = ['{"a":1}\n', '€\n', '{"b":2}\n'];
    await expect(writeFileAtomic(file, chunks)).resolves.toBe(Buffer.byteLength(chunks.join('')));
    expect(readFileSync(file, 'utf8')).toBe(chunks.join(''));
  });

  it('should remove only the temp files a crash left beside the target', async () => {
    const file = join(dir, 'orders.json');
    writeFileSync(file, 'kept');
    writeFileSync(join(dir, `${tempPrefix(file)}abc123.tmp`), 'torn');
    writeFileSync(join(dir, 'other.tmp'), 'not ours');
    await removeTempFiles(file);
    expect(readdirSync(dir).sort()).toEqual(['orders.json', 'other.tmp']);
    await expect(removeTempFiles(join(dir, 'missing', 'x.json'))).resolves.toBeUndefined();
  });
});
