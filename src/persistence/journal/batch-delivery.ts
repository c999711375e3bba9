import { Logger } from '@nestjs/common';
import { MetricsService } from '../../health/metrics.service';
import { InfluxFailure, InfluxWriteError } from '../influx/influx-failure';
import { DeadLetterFile } from './dead-letter-file';
import { Waits } from './forward-waits';
import { JournalBatch } from './journal';
import { errorText } from '../../common/errors/error-text';

/** Where the forwarder sends batches: resolves on 2xx, rejects with InfluxWriteError otherwise. */
export interface ForwarderSink {
  write(lines: readonly string[]): Promise<void>;
}

/** What one delivery needs from the forwarder around it. */
export interface DeliveryContext {
  sink: ForwarderSink;
  deadLetters: DeadLetterFile;
  metrics: MetricsService;
  logger: Logger;
  waits: Waits;
  /** The backoff before attempt `attempt + 1`, at least Retry-After (seconds). */
  delay(attempt: number, retryAfterSeconds?: number): number;
  stopping(): boolean;
}

/**
 * Takes one batch to InfluxDB, however long that takes: an outage or a configuration fault (wrong
 * token, missing bucket) is retried with backoff and never loses a point. Lines InfluxDB refuses
 * as data are found by halving the batch until each refused line stands alone, so good lines are
 * never dead-lettered; resending the good half is harmless (a point overwrites itself).
 */
export class BatchDelivery {
  /** The last write failed and none got through since: the forwarder starts no new one. */
  failing = false;

  constructor(private readonly ctx: DeliveryContext) {}

  /**
   * true once InfluxDB has the batch (refused lines dead-lettered); false when stopped first. A
   * failing dead-letter file sends the whole batch again after a backoff (harmless, see above).
   */
  async forward(batch: JournalBatch): Promise<boolean> {
    const { deadLetters, logger } = this.ctx;
    for (let failures = 1; !this.ctx.stopping(); failures++) {
      try {
        if (!batch.corrupt) return await this.deliver(batch.lines);
        await deadLetters.appendRaw(batch.corrupt.data, batch.corrupt.reason);
        logger.error(`${batch.corrupt.reason}: the bytes were copied to ${deadLetters.path}`);
        return true;
      } catch (error) {
        logger.error(`Forwarding a journal batch failed: ${errorText(error)}`);
        await this.ctx.waits.wait(this.ctx.delay(failures));
      }
    }
    return false;
  }

  /** true once InfluxDB has the lines (refused ones dead-lettered); false when stopped first. */
  private async deliver(lines: string[]): Promise<boolean> {
    for (let attempt = 1; !this.ctx.stopping(); attempt++) {
      try {
        await this.ctx.sink.write(lines);
        if (this.failing) {
          // InfluxDB took a write: the others in a backoff may try now, and new writes may start.
          this.failing = false;
          this.ctx.waits.wake('ready');
        }
        if (attempt > 1)
          this.ctx.logger.log(`Forwarding again after ${attempt - 1} failed attempts`);
        return true;
      } catch (error) {
        const failure = failureOf(error);
        if (failure.kind === 'rejected') return this.isolate(lines, failure);
        this.failing = true;
        this.ctx.metrics.forwardRetries.inc({ reason: failure.reason });
        const retryAfter = failure.retryAfterSeconds;
        const ms = this.ctx.delay(attempt, retryAfter);
        await this.ctx.waits.wait(ms, undefined, retryAfter === undefined);
      }
    }
    return false;
  }

  private async isolate(lines: string[], failure: InfluxFailure): Promise<boolean> {
    if (lines.length === 1) {
      const { deadLetters } = this.ctx;
      await deadLetters.append(lines, failure.detail);
      this.ctx.metrics.deadLetterPoints.inc();
      this.ctx.logger.warn(
        `InfluxDB refused a point (${failure.detail}); kept in ${deadLetters.path}`,
      );
      return true;
    }
    const half = Math.ceil(lines.length / 2);
    return (await this.deliver(lines.slice(0, half))) && (await this.deliver(lines.slice(half)));
  }
}

function failureOf(error: unknown): InfluxFailure {
  if (error instanceof InfluxWriteError) return error.failure;
  return { kind: 'unavailable', reason: 'error', detail: errorText(error) };
}
