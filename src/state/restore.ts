import { rename } from 'node:fs/promises';
import type { Logger } from '@nestjs/common';
import type { AnomalyDetectionService } from '../anomaly-detection/anomaly-detection.service';
import type { DetectorRegistry } from '../anomaly-detection/detector-registry';
import { ZScoreDetector } from '../anomaly-detection/z-score-detector';
import type { ScoredSample } from '../common/domain/sample';
import type { LatestState } from '../mes/line-status/latest-state';
import type { LogPosition } from '../persistence/durable-log';
import type { PointWriter } from '../persistence/point-writer';
import { scoredSamplesFromLines } from '../persistence/point.reader';
import { removeTempFiles } from '../common/fs/atomic-file';
import { StateSnapshot, readSnapshot } from './state-snapshot.file';

export interface RestoreParts {
  registry: DetectorRegistry;
  detection: AnomalyDetectionService;
  latest: LatestState;
  writer: PointWriter;
  logger: Logger;
}

/**
 * Loads the snapshot, then replays the log after it: from `latestFrom` into line status only, and
 * from `position` on through the detectors too, in log order, which is the order they first scored
 * in. Without a usable snapshot, the journal is replayed from its oldest kept segment; the embedded
 * files are not (they may hold years), so the detectors start empty. True when a snapshot was
 * restored: it stays valid for the next start, whose replay then also covers this one's.
 */
export async function restoreSnapshot(file: string, parts: RestoreParts): Promise<boolean> {
  const { writer, logger } = parts;
  const started = performance.now();
  const snapshot = await load(file, writer.durableEnd().log, logger);
  let replayed: Counts;
  if (snapshot) {
    const adopted = adoptDetectors(snapshot, parts);
    try {
      parts.latest.restore(snapshot.latest);
    } catch (error) {
      logger.warn(`Line status from ${file} not used: ${String(error)}`);
    }
    const { latestFrom, position } = snapshot.header;
    const before = await replay(parts, latestFrom, position, false);
    replayed = add(before, await replay(parts, position, undefined, true));
    logger.log(
      `Restored ${adopted} detectors and line status from ${file} (taken ` +
        `${new Date(snapshot.header.takenAt).toISOString()}); ${describe(replayed, started)}`,
    );
  } else if (writer.durableEnd().log === 'journal') {
    replayed = await replay(parts, undefined, undefined, true);
    if (replayed.samples > 0) logger.log(`No state snapshot: ${describe(replayed, started)}`);
  } else {
    return false;
  }
  if (replayed.disagreed > 0) {
    logger.warn(
      `${replayed.disagreed} replayed samples scored differently than when first written ` +
        '(detector parameters changed while the service was down?)',
    );
  }
  return snapshot !== undefined;
}

interface Counts {
  samples: number;
  disagreed: number;
}

async function load(
  file: string,
  log: LogPosition['log'],
  logger: Logger,
): Promise<StateSnapshot | undefined> {
  try {
    await removeTempFiles(file);
    const snapshot = await readSnapshot(file);
    if (snapshot && snapshot.header.position.log !== log) {
      logger.warn(
        `${file} was taken with the other storage (${snapshot.header.position.log}); not used`,
      );
      return undefined;
    }
    return snapshot;
  } catch (error) {
    // Kept aside for a look, not overwritten by the next snapshot.
    const aside = `${file}.unusable-${Date.now()}`;
    await rename(file, aside).catch(() => undefined);
    logger.error(
      `State snapshot ${file} cannot be used (${String(error)}); moved to ${aside}, the detectors ` +
        'start from what the log still holds',
    );
    return undefined;
  }
}

function adoptDetectors(snapshot: StateSnapshot, { registry, logger }: RestoreParts): number {
  let adopted = 0;
  for (const { kind, line, machine, sensor, state } of snapshot.detectors) {
    try {
      if (registry.adopt(kind, line, machine, sensor, ZScoreDetector.fromJSON(state))) adopted++;
    } catch (error) {
      logger.warn(
        `Detector ${JSON.stringify([kind, line, machine, sensor])} not restored: ${String(error)}`,
      );
    }
  }
  return adopted;
}

async function replay(
  { writer, detection, latest }: RestoreParts,
  from: LogPosition | undefined,
  until: LogPosition | undefined,
  score: boolean,
): Promise<Counts> {
  const counts: Counts = { samples: 0, disagreed: 0 };
  for await (const batch of writer.replay(from, until)) {
    const stored = scoredSamplesFromLines(batch.lines);
    const scored = score ? detection.replay(stored) : stored;
    if (score) counts.disagreed += disagreements(stored, scored);
    counts.samples += stored.length;
    latest.record(scored, batch.writtenAt ?? Math.min(Date.now(), newest(stored)));
  }
  return counts;
}

function disagreements(stored: readonly ScoredSample[], scored: readonly ScoredSample[]): number {
  let n = 0;
  for (let i = 0; i < stored.length; i++) {
    const a = stored[i].kind === 'state' ? undefined : stored[i].analytics;
    const b = scored[i].kind === 'state' ? undefined : scored[i].analytics;
    if (a !== undefined && b !== undefined && !Object.is(a.zScore, b.zScore)) n++;
  }
  return n;
}

function newest(samples: readonly ScoredSample[]): number {
  let t = 0;
  for (const s of samples) if (s.time > t) t = s.time;
  return t;
}

function add(a: Counts, b: Counts): Counts {
  return { samples: a.samples + b.samples, disagreed: a.disagreed + b.disagreed };
}

function describe({ samples }: Counts, started: number): string {
  return `replayed ${samples} samples from the log in ${Math.round(performance.now() - started)} ms`;
}
