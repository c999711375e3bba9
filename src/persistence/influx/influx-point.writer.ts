import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Point } from '@influxdata/influxdb-client';
import { StorageRejectedError, StorageUnavailableError } from '../../common/errors/domain-errors';
import { MetricsService } from '../../health/metrics.service';
import { FailureDecision, GroupCommit } from '../group-commit';
import { toLineProtocol } from '../line-protocol';
import { PointWriter, WriterHealth } from '../point-writer';
import { InfluxConnection } from './influx-connection';
import { InfluxFailure, classifyFailure } from './influx-failure';
import { InfluxReadiness } from './influx-readiness';

const WRITER = 'influxdb';
const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;
const PARALLEL_BATCH_MIN = 1_000;

/**
 * Writes points to InfluxDB and resolves only after InfluxDB answered 2xx for them.
 *
 * Why not the library's WriteApi: it acknowledges nothing per point, drops lines on 4xx, on a full
 * retry buffer and after maxRetryTime, and reads Retry-After as milliseconds. Bending it into
 * "resolve when durable" would need one WriteApi per batch and inspecting its callbacks anyway, so
 * each group-commit batch is POSTed through the library's transport instead (same escaping, same
 * HTTP stack, our own retry and error handling).
 *
 * While InfluxDB cannot take writes, a batch is retried with backoff (honouring Retry-After in
 * seconds) until INFLUX_UNAVAILABLE_WAIT_MS has passed for a waiting request, which then gets
 * StorageUnavailableError (503) and its points are dropped: the client resends them. The planned
 * journal will keep them instead; until then nothing outlives the request that brought it.
 */
export class InfluxPointWriter extends PointWriter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InfluxPointWriter.name);
  private readonly commit: GroupCommit<string>;
  private readonly readiness: InfluxReadiness;
  /** v1: CREATE DATABASE ran (or was refused for lack of rights) since start or the last 404. */
  private databaseChecked = false;
  private databaseCreateError?: string;

  constructor(
    private readonly connection: InfluxConnection,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.readiness = new InfluxReadiness(connection.config.url, () => this.probe());
    const { batchSize, flushIntervalMs, unavailableWaitMs } = connection.config;
    this.commit = new GroupCommit<string>({
      maxBatch: batchSize,
      // INFLUX_FLUSH_INTERVAL bounds the wait behind a slow write: then a second write starts.
      maxConcurrent: 4,
      // A thousand points already make a write's own overhead negligible: more is not worth a wait.
      parallelBatchMin: PARALLEL_BATCH_MIN,
      maxQueueDelayMs: flushIntervalMs,
      maxWaitMs: unavailableWaitMs,
      flush: (lines) => this.send(lines),
      onFailure: (error, batch) => this.onFailure(error, batch.attempt),
      expired: () => this.unavailableError(),
    });
  }

  /** Detects the version at boot without holding the start up: a down InfluxDB must not stop it. */
  onModuleInit(): void {
    void this.readiness.probe();
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.stop();
    await this.drain();
    this.connection.close();
  }

  async write(points: Point[]): Promise<void> {
    const done = this.commit.enqueue(toLineProtocol(points));
    this.reportBacklog();
    try {
      await done;
    } finally {
      this.reportBacklog();
    }
  }

  health(): WriterHealth {
    const target = this.connection.target;
    return {
      ready: this.readiness.ready,
      kind: WRITER,
      detail: this.readiness.detail,
      ...(target?.version ? { version: target.version } : {}),
      ...(target ? { api: target.api } : {}),
      backlog: this.commit.backlog,
    };
  }

  drain(): Promise<void> {
    return this.commit.drain();
  }

  private async send(lines: string[]): Promise<void> {
    const { api } = await this.connection.detect();
    if (api === 'v1' && !this.databaseChecked) await this.ensureDatabase();
    const started = performance.now();
    await this.connection.write(api, lines.join('\n'));
    this.metrics.writeSeconds.observe({ writer: WRITER }, (performance.now() - started) / 1000);
    this.metrics.writeBatchPoints.observe({ writer: WRITER }, lines.length);
    this.metrics.pointsWritten.inc({ writer: WRITER }, lines.length);
    this.setReady();
  }

  private onFailure(error: unknown, attempt: number): FailureDecision {
    const failure = this.classify(error);
    this.metrics.writesFailed.inc({ writer: WRITER, reason: failure.reason });
    switch (failure.kind) {
      case 'rejected':
        // Isolation re-sends each request's points alone: InfluxDB stored the good lines of a
        // partial write already, and writing them again is idempotent (same series and time).
        this.logger.warn(`InfluxDB rejected points: ${failure.detail}`);
        return {
          action: 'isolate',
          error: new StorageRejectedError(`InfluxDB refused the points: ${failure.detail}`),
        };
      case 'database-missing':
        if (!this.databaseCreateError) {
          this.databaseChecked = false;
          return { action: 'retry', delayMs: attempt <= 1 ? 0 : this.backoff(attempt) };
        }
        failure.kind = 'config';
        failure.detail = `${failure.detail}; CREATE DATABASE failed: ${this.databaseCreateError}`;
        break;
      case 'unavailable':
        this.readiness.markUnready(failure);
        return { action: 'retry', delayMs: this.backoff(attempt, failure.retryAfterSeconds) };
    }
    this.readiness.markUnready(failure);
    return {
      action: 'fail',
      error: new StorageUnavailableError(
        `InfluxDB cannot take writes: ${failure.detail}`,
        this.retryAfter(),
      ),
    };
  }

  private backoff(attempt: number, retryAfterSeconds = 0): number {
    // Capped at half the wait, so every request sees at least two attempts.
    const cap = Math.min(MAX_BACKOFF_MS, this.connection.config.unavailableWaitMs / 2);
    const exponential = Math.min(MIN_BACKOFF_MS * 2 ** (attempt - 1), cap);
    // INFLUX_JITTER_INTERVAL spreads the retries of many instances after an outage.
    const jitter = Math.random() * this.connection.config.jitterIntervalMs;
    return Math.max(exponential + jitter, retryAfterSeconds * 1000);
  }

  private unavailableError(): StorageUnavailableError {
    const waitMs = this.connection.config.unavailableWaitMs;
    const why = this.readiness.lastFailure?.detail ?? 'InfluxDB is too slow';
    return new StorageUnavailableError(
      `InfluxDB did not store the points within ${waitMs} ms (${why}); nothing was kept, resend them`,
      this.retryAfter(),
    );
  }

  private retryAfter(): number {
    const fallback = Math.max(1, Math.ceil(this.connection.config.unavailableWaitMs / 1000));
    return this.readiness.lastFailure?.retryAfterSeconds ?? fallback;
  }

  private async ensureDatabase(): Promise<void> {
    try {
      await this.connection.createDatabase();
      this.databaseCreateError = undefined;
    } catch (error) {
      const failure = this.classify(error);
      if (failure.kind === 'unavailable') throw error;
      // A user without admin rights may still write to an existing database: let the write tell.
      this.databaseCreateError = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Could not create the InfluxDB database: ${this.databaseCreateError}`);
    }
    this.databaseChecked = true;
  }

  /**
   * Readiness probe (at boot, then only while not ready): /ping, CREATE DATABASE (v1) and an empty
   * write, which checks the credentials and the database or bucket without storing anything.
   */
  private async probe(): Promise<void> {
    try {
      const { api } = await this.connection.detect(true);
      if (api === 'v1') await this.ensureDatabase();
      await this.connection.write(api, '');
      this.setReady();
      this.commit.resume();
    } catch (error) {
      const failure = this.classify(error);
      // A 400 for the empty body means the server checked auth and target and found them fine.
      if (failure.kind === 'rejected') this.setReady();
      else this.readiness.markUnready(failure);
    }
  }

  private setReady(): void {
    const target = this.connection.target;
    this.readiness.markReady(`version ${target?.version ?? 'unknown'}, api ${target?.api}`);
  }

  private classify(error: unknown): InfluxFailure {
    return classifyFailure(error, {
      api: this.connection.target?.api,
      config: this.connection.config,
    });
  }

  private reportBacklog(): void {
    this.metrics.writeBacklog.set({ writer: WRITER }, this.commit.backlog);
  }
}
