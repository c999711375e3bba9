import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError } from '../common/errors/domain-errors';
import type { ExactEntry } from './detector-registry';
import { upsertSensorEntry } from './sensor-config.store';
import type { ZScoreParams } from './z-score.params';

const defaults: ZScoreParams = {
  window: 100,
  threshold: 3.5,
  ratioWindow: 25,
  rebaselineAfter: 10,
  minStd: 0.001,
};
const entry: ExactEntry = {
  name: 'Temp',
  line: 'L1',
  machine: 'M1',
  params: { ...defaults, threshold: 5 },
};
const written = { name: 'Temp', line: 'L1', machine: 'M1', ...entry.params };

describe(upsertSensorEntry.name, () => {
  let dir: string;
  let file: string;
  const read = () => JSON.parse(readFileSync(file, 'utf8'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sensor-config-store-'));
    file = join(dir, 'config', 'generic.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should create the file (and its folder) in the old format when it is missing', async () => {
    await upsertSensorEntry(file, entry, defaults);
    expect(read()).toEqual({ sensors: [written] });
  });

  it('should append to the old format and keep every other entry as written', async () => {
    file = join(dir, 'seed.json');
    writeFileSync(
      file,
      JSON.stringify({
        $comment: 'top',
        sensors: ['Temp', { name: 'Temp', line: 'L1', window: 50 }],
      }),
    );
    await upsertSensorEntry(file, entry, defaults);
    expect(read()).toEqual({
      $comment: 'top',
      sensors: ['Temp', { name: 'Temp', line: 'L1', window: 50 }, written],
    });
  });

  it('should replace the entry of the same series in a bare array, keeping its $ notes', async () => {
    file = join(dir, 'bare.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'Temp', line: 'L1', machine: 'M1', window: 7, $why: 'noisy' },
        'Oil',
      ]),
    );
    await upsertSensorEntry(file, entry, defaults);
    expect(read()).toEqual([{ ...written, $why: 'noisy' }, 'Oil']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['not JSON', '{"sensors": [', /not valid JSON/],
    ['another shape', '{"list": []}', /expected \{"sensors"/],
    ['an entry the loader refuses', '{"sensors": [{"name": "X", "window": 1}]}', /window must be/],
  ])('should refuse a file that is %s and leave it alone', async (_, text, message) => {
    file = join(dir, 'broken.json');
    writeFileSync(file, text);
    const write = upsertSensorEntry(file, entry, defaults);
    await expect(write).rejects.toBeInstanceOf(ConflictError);
    await expect(upsertSensorEntry(file, entry, defaults)).rejects.toThrow(message);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
