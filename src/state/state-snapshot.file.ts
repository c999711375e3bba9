import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { writeFileAtomic } from '../common/fs/atomic-file';
import type { DetectorKind } from '../anomaly-detection/sensor-config';
import type { ZScoreDetectorState } from '../anomaly-detection/z-score-detector.state';
import { LogPosition, isLogPosition } from '../persistence/durable-log';
import { isPacked, packDetectorState, unpackDetectorState } from './packed-state';

export const SNAPSHOT_VERSION = 1 as const;

/** The first line of a snapshot file. */
export interface SnapshotHeader {
  version: typeof SNAPSHOT_VERSION;
  /** When it was taken (epoch ms). */
  takenAt: number;
  /** The detectors hold exactly what the log holds before this position. */
  position: LogPosition;
  /** Line status holds what the log held before this earlier position (what was durable then). */
  latestFrom: LogPosition;
  detectors: number;
}

export interface DetectorSnapshot {
  kind: DetectorKind;
  line: string;
  machine: string;
  sensor: string;
  state: ZScoreDetectorState;
}

/** What is written: the detector (a clone taken at capture) whose toJSON() gives its state. */
export interface DetectorToWrite extends Omit<DetectorSnapshot, 'state'> {
  state: { toJSON(): ZScoreDetectorState };
}

export interface StateSnapshot<D = DetectorSnapshot> {
  header: SnapshotHeader;
  detectors: D[];
  /** LatestState.snapshot(): JSON text when written, parsed when read. */
  latest: unknown;
}

/**
 * Detectors per write. Turning one into JSON takes tens of µs (a W = 100 window and 64 remembered
 * results), so a hundred keep each pause of ingestion to a few ms.
 */
const LINES_PER_WRITE = 100;

/**
 * Writes the snapshot as JSON lines (header, one line per detector, line status), atomically:
 * a temp file fsync'd and renamed over the old one, then the directory fsync'd. A crash at any
 * instant leaves the old snapshot or the new one. Detector lines are serialised a few hundred at a
 * time, yielding to the event loop in between, so ingestion goes on while a large one is written.
 */
export async function writeSnapshot(
  file: string,
  snapshot: StateSnapshot<DetectorToWrite>,
): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  return writeFileAtomic(file, snapshotLines(snapshot));
}

function* snapshotLines(snapshot: StateSnapshot<DetectorToWrite>): Generator<string> {
  yield `${JSON.stringify(snapshot.header)}\n`;
  for (let i = 0; i < snapshot.detectors.length; i += LINES_PER_WRITE) {
    const chunk = snapshot.detectors.slice(i, i + LINES_PER_WRITE);
    yield chunk.map((d) => `${JSON.stringify({ detector: packed(d) })}\n`).join('');
  }
  yield `{"latest":${String(snapshot.latest)}}\n`;
}

/** The snapshot in `file`, or undefined when there is none; throws when it cannot be used. */
export async function readSnapshot(file: string): Promise<StateSnapshot | undefined> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: SnapshotHeader | undefined;
  const detectors: DetectorSnapshot[] = [];
  let latest: unknown;
  try {
    for await (const line of lines) {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (header === undefined) header = checkHeader(value);
      else if ('detector' in value) detectors.push(unpacked(value.detector as DetectorSnapshot));
      else if ('latest' in value) latest = value.latest;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (header === undefined || latest === undefined || detectors.length !== header.detectors) {
    throw new RangeError(`${file} is incomplete`);
  }
  return { header, detectors, latest };
}

function packed(d: DetectorToWrite) {
  return { ...d, state: packDetectorState(d.state.toJSON()) };
}

/** Detector lines may also hold the plain ZScoreDetectorState (hand-made or older files). */
function unpacked(d: DetectorSnapshot): DetectorSnapshot {
  return isPacked(d.state) ? { ...d, state: unpackDetectorState(d.state) } : d;
}

function checkHeader(value: Record<string, unknown>): SnapshotHeader {
  const h = value as Partial<SnapshotHeader>;
  if (
    h.version !== SNAPSHOT_VERSION ||
    !isLogPosition(h.position) ||
    !isLogPosition(h.latestFrom) ||
    !Number.isSafeInteger(h.detectors) ||
    typeof h.takenAt !== 'number'
  ) {
    throw new RangeError(`not a version ${SNAPSHOT_VERSION} state snapshot`);
  }
  return h as SnapshotHeader;
}
