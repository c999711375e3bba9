import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZScoreDetector } from '../anomaly-detection/z-score-detector';
import type { LogPosition } from '../persistence/durable-log';
import { SNAPSHOT_VERSION, readSnapshot, writeSnapshot } from './state-snapshot.file';

const position: LogPosition = {
  log: 'journal',
  file: 'segment-00000000000000000003.lp',
  offset: 42,
};
const header = (detectors: number) => ({
  version: SNAPSHOT_VERSION,
  takenAt: 1_764_000_000_000,
  position,
  latestFrom: { ...position, offset: 7 },
  detectors,
});

function detector(seed: number): ZScoreDetector {
  const d = new ZScoreDetector({
    window: 10,
    threshold: 2,
    ratioWindow: 5,
    rebaselineAfter: 3,
    minStd: 0.001,
  });
  for (let i = 0; i < 40; i++) d.score(((i * seed) % 7) + (i % 13 === 0 ? 30 : 0), i);
  return d;
}

describe('state snapshot file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'snapshot-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should read back what it wrote: header, detector states and line status', async () => {
    const file = join(dir, 'state', 'snapshot.ndjson');
    const detectors = [1, 2, 3].map((seed) => ({
      kind: 'sensor' as const,
      line: 'L 1',
      machine: `M,${seed}`,
      sensor: 'T=1',
      state: detector(seed).clone(),
    }));
    await writeSnapshot(file, { header: header(3), detectors, latest: '{"version":1,"lines":[]}' });
    const back = await readSnapshot(file);
    expect(back?.header).toEqual(header(3));
    expect(back?.latest).toEqual({ version: 1, lines: [] });
    // Restored and written again in the detector's own key order: the same state.
    const restored = (state: unknown) => JSON.stringify(ZScoreDetector.fromJSON(state));
    expect(back?.detectors.map((d) => [d.machine, restored(d.state)])).toEqual(
      detectors.map((d) => [d.machine, JSON.stringify(d.state)]),
    );
  });

  it('should read a detector line that holds the plain state', async () => {
    const file = join(dir, 'snapshot.ndjson');
    const state = detector(5).toJSON();
    const line = { kind: 'vibration', line: 'L', machine: 'M', sensor: 'V', state };
    writeFileSync(
      file,
      [header(1), { detector: line }, { latest: {} }].map((v) => JSON.stringify(v)).join('\n'),
    );
    expect((await readSnapshot(file))?.detectors).toEqual([line]);
  });

  it('should refuse a file that lost detector lines, and say nothing of a missing one', async () => {
    const file = join(dir, 'snapshot.ndjson');
    writeFileSync(file, [header(2), { latest: {} }].map((v) => JSON.stringify(v)).join('\n'));
    await expect(readSnapshot(file)).rejects.toThrow(/incomplete/);
    await expect(readSnapshot(join(dir, 'none.ndjson'))).resolves.toBeUndefined();
  });
});
