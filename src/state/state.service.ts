import { join } from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AnomalyDetectionService } from '../anomaly-detection/anomaly-detection.service';
import { DetectorRegistry } from '../anomaly-detection/detector-registry';
import type { AppConfig } from '../config';
import { MetricsService } from '../health/metrics.service';
import { LatestState } from '../mes/line-status/latest-state';
import type { LogPosition } from '../persistence/durable-log';
import { PointWriter } from '../persistence/point-writer';
import { restoreSnapshot } from './restore';
import { SNAPSHOT_VERSION, writeSnapshot } from './state-snapshot.file';

/** Longest a snapshot may have taken to be taken again on shutdown (its deadline is 30 s). */
const SHUTDOWN_SNAPSHOT_MAX_MS = 10_000;

/** Where the snapshot lives under DATA_DIR. */
export function snapshotFile(dataDir: string): string {
  return join(dataDir, 'state', 'snapshot.ndjson');
}

/**
 * Keeps the detectors and line status across restarts, SIGKILL included (DESIGN z-score state;
 * docs/reliability.md). Every STATE_SNAPSHOT_INTERVAL_MS, after a change through the detectors API
 * and on shutdown, the state is captured in one event-loop turn together with a barrier in the
 * writer's queue, so the snapshot names the exact log position its detectors correspond to. At
 * start the snapshot is loaded and the log replayed from there through the same detectors: the
 * models continue as if the process had never stopped.
 */
@Injectable()
export class StateService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('State');
  private readonly file: string;
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private queued?: Promise<void>;
  /** performance.now() before which the timer takes no snapshot (see take()). */
  private notBefore = 0;
  private lastTookMs = 0;

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly registry: DetectorRegistry,
    private readonly detection: AnomalyDetectionService,
    private readonly latest: LatestState,
    private readonly writer: PointWriter,
    private readonly metrics: MetricsService,
  ) {
    this.file = snapshotFile(config.get('dataDir', { infer: true }));
    this.intervalMs = config.get('state', { infer: true }).snapshotIntervalMs;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.intervalMs === 0) return;
    let restored = false;
    try {
      restored = await restoreSnapshot(this.file, {
        registry: this.registry,
        detection: this.detection,
        latest: this.latest,
        writer: this.writer,
        logger: this.logger,
      });
    } catch (error) {
      // Taking data matters more than a detector's history: start with what was restored.
      this.logger.error(`Restoring the detector state failed part way: ${String(error)}`);
    }
    this.registry.onChange(() => this.snapshot());
    // Without a snapshot to continue from, one at once: from here on the journal is kept for replay.
    if (!restored) await this.snapshot();
    this.timer = setInterval(() => {
      if (performance.now() >= this.notBefore) void this.snapshot();
    }, this.intervalMs);
    this.timer.unref();
  }

  /**
   * A last snapshot shortens the next start's replay; it is skipped when the last one took so long
   * that it could push the stop past graceful shutdown's deadline (the replay covers it anyway).
   */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.intervalMs === 0) return;
    if (this.lastTookMs > SHUTDOWN_SNAPSHOT_MAX_MS) {
      this.logger.log(
        `No snapshot on shutdown (the last took ${Math.round(this.lastTookMs)} ms): ` +
          'the next start replays from the last one',
      );
      return;
    }
    await this.snapshot();
  }

  /**
   * Takes a snapshot after the one running, if any; calls arriving while one waits share it.
   * Never rejects: a failed snapshot is logged, and the next one (or a longer replay) covers it.
   */
  snapshot(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(() => {
      this.queued = undefined;
      return this.take();
    });
    this.queued = next.catch((error: unknown) => {
      this.metrics.stateSnapshotFailures.inc();
      this.logger.error(`State snapshot to ${this.file} failed: ${String(error)}`);
    });
    this.running = this.queued;
    return this.queued;
  }

  private async take(): Promise<void> {
    const started = performance.now();
    // One turn, nothing awaited: the barrier goes in after exactly the points these states saw.
    // Clones are taken now (µs each) and turned into JSON while the file is written.
    const latestFrom: LogPosition = this.writer.durableEnd();
    const latest = this.latest.snapshot();
    const detectors = this.registry
      .liveDetectors()
      .map(({ kind, line, machine, sensor, detector }) => ({
        kind,
        line,
        machine,
        sensor,
        state: detector.clone(),
      }));
    const capturedMs = performance.now() - started;
    const position = await this.writer.checkpoint();
    const header = {
      version: SNAPSHOT_VERSION,
      takenAt: Date.now(),
      position,
      latestFrom,
      detectors: detectors.length,
    };
    const bytes = await writeSnapshot(this.file, { header, detectors, latest });
    await this.writer.retainFrom(latestFrom);
    // Turning a detector into JSON costs ≈ 0.1 ms: with very many of them, timed snapshots are
    // spaced so they take at most a tenth of the time (a longer interval means a longer replay).
    const tookMs = performance.now() - started;
    this.notBefore = performance.now() + 9 * tookMs;
    this.lastTookMs = tookMs;
    this.metrics.stateSnapshotSeconds.observe(tookMs / 1000);
    this.metrics.stateSnapshotTime.set(Date.now() / 1000);
    this.logger.debug(
      `State snapshot: ${detectors.length} detectors, ${bytes} bytes, captured in ` +
        `${capturedMs.toFixed(1)} ms, written in ${tookMs.toFixed(0)} ms`,
    );
  }
}
