import { Logger } from '@nestjs/common';
import { MetricsService } from '../../health/metrics.service';
import type { InfluxHealth } from '../point-writer';
import { InfluxConnection } from './influx-connection';
import { InfluxFailure, InfluxWriteError, classifyFailure } from './influx-failure';
import { InfluxReadiness } from './influx-readiness';
import { recordWrite } from '../write-metrics';
import { errorText } from '../../common/errors/error-text';

const WRITER = 'influxdb';

/**
 * InfluxDB as the journal forwarder's destination: one `write()` is one HTTP write of the given
 * lines, resolved only when InfluxDB answered 2xx, and otherwise rejected with an InfluxWriteError
 * that says whether to retry (unavailable, config) or to look for refused lines (rejected).
 *
 * Why not the library's WriteApi: it acknowledges nothing per point, drops lines on 4xx, on a full
 * retry buffer and after maxRetryTime, and reads Retry-After as milliseconds. Each batch is POSTed
 * through the library's transport instead (same escaping and HTTP stack, our own error handling).
 *
 * The sink retries nothing itself except a v1 database that disappeared (created, then written
 * again): retrying is the forwarder's job, which keeps the data in the journal meanwhile.
 */
export class InfluxSink {
  private readonly logger = new Logger(InfluxSink.name);
  readonly readiness: InfluxReadiness;
  /** v1: CREATE DATABASE ran (or was refused for lack of rights) since start or the last 404. */
  private databaseChecked = false;
  private databaseCreateError?: string;

  constructor(
    private readonly connection: InfluxConnection,
    private readonly metrics: MetricsService,
  ) {
    this.readiness = new InfluxReadiness(connection.config.url, () => this.probe());
  }

  /** Detects the version at boot without holding the start up: a down InfluxDB must not stop it. */
  start(): void {
    void this.readiness.probe();
  }

  stop(): void {
    this.readiness.stop();
    this.connection.close();
  }

  async write(lines: readonly string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(lines);
        return;
      } catch (error) {
        const failure = this.classify(error);
        this.metrics.writesFailed.inc({ writer: WRITER, reason: failure.reason });
        if (failure.kind === 'database-missing' && !this.databaseCreateError && attempt === 1) {
          this.databaseChecked = false;
          continue;
        }
        if (failure.kind === 'database-missing') {
          failure.kind = 'config';
          failure.detail = `${failure.detail}; CREATE DATABASE failed: ${this.databaseCreateError}`;
        }
        // Refused data says nothing about InfluxDB's health: the other lines may well be stored.
        if (failure.kind !== 'rejected') this.readiness.markUnready(failure);
        throw new InfluxWriteError(failure, { cause: error });
      }
    }
  }

  state(): InfluxHealth {
    const target = this.connection.target;
    return {
      ready: this.readiness.ready,
      detail: this.readiness.detail,
      ...(target?.version ? { version: target.version } : {}),
      ...(target ? { api: target.api } : {}),
    };
  }

  private async send(lines: readonly string[]): Promise<void> {
    const { api } = await this.connection.detect();
    if (api === 'v1' && !this.databaseChecked) await this.ensureDatabase();
    const started = performance.now();
    await this.connection.write(api, lines.join('\n'));
    recordWrite(this.metrics, WRITER, lines.length, started);
    this.setReady();
  }

  private async ensureDatabase(): Promise<void> {
    try {
      await this.connection.createDatabase();
      this.databaseCreateError = undefined;
    } catch (error) {
      const failure = this.classify(error);
      if (failure.kind === 'unavailable') throw error;
      // A user without admin rights may still write to an existing database: let the write tell.
      this.databaseCreateError = errorText(error);
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
}
