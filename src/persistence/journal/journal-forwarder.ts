import { Logger } from '@nestjs/common';
import { MetricsService } from '../../health/metrics.service';
import { InfluxFailure, InfluxWriteError } from '../influx/influx-failure';
import { DeadLetterFile } from './dead-letter-file';
import { Journal, JournalBatch, errorText } from './journal';

/** Where the forwarder sends batches: resolves on 2xx, rejects with InfluxWriteError otherwise. */
export interface ForwarderSink {
  write(lines: readonly string[]): Promise<void>;
}

export interface ForwarderOptions {
  /** Most lines per write (INFLUX_BATCH_SIZE). */
  batchSize: number;
  /** Random extra delay per retry (INFLUX_JITTER_INTERVAL), spreading many instances' retries. */
  jitterMs: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Exponential backoff from `minMs`, capped at `maxMs` (a long outage is still noticed within
 * seconds of its end), plus jitter; never shorter than the server's Retry-After, in seconds.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  { minMs, maxMs, jitterMs }: { minMs: number; maxMs: number; jitterMs: number },
): number {
  const exponential = Math.min(minMs * 2 ** (attempt - 1), maxMs);
  return Math.max(exponential + Math.random() * jitterMs, (retryAfterSeconds ?? 0) * 1000);
}

/**
 * Drains the journal into InfluxDB, one batch of whole records at a time, in journal order, and
 * moves the journal's position only after InfluxDB stored the batch (or its refused lines were
 * dead-lettered). It retries for as long as it takes: an outage or a configuration fault (wrong
 * token, missing bucket) never loses a point, it only grows the backlog. Lines InfluxDB refuses as
 * data are found by halving the batch until each refused line stands alone, so good lines are
 * never dead-lettered; resending the good half is harmless (a point overwrites itself).
 *
 * No timer runs while idle: it waits for the next append, or for the end of a backoff.
 */
export class JournalForwarder {
  private readonly logger = new Logger(JournalForwarder.name);
  private running?: Promise<void>;
  private stopping = false;
  private wakeUp?: (cause: WakeCause) => void;
  private emptyWaiters: Array<() => void> = [];
  private oldest?: number;
  private empty = false;

  constructor(
    private readonly journal: Journal,
    private readonly sink: ForwarderSink,
    readonly deadLetters: DeadLetterFile,
    private readonly metrics: MetricsService,
    private readonly options: ForwarderOptions,
  ) {}

  /** When the oldest record not yet in InfluxDB was journaled (epoch ms); undefined when none. */
  get oldestUnsentTime(): number | undefined {
    return this.empty ? undefined : this.oldest;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** InfluxDB is back: end a backoff now (a Retry-After wait is honoured to the end). */
  wake(): void {
    this.wakeUp?.('ready');
  }

  /** Resolves when everything journaled so far is in InfluxDB (or dead-lettered). */
  whenEmpty(): Promise<void> {
    // The flag alone lags an append that the loop has not woken up for yet.
    if (this.empty && this.journal.backlogBytes === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /**
   * Forwards for at most `forwardForMs` more while the journal has a backlog, then stops and
   * resolves once the loop has ended. A write still in flight is abandoned by the caller closing
   * the sink; its batch stays in the journal and is sent again on the next start.
   */
  async stop(forwardForMs: number): Promise<void> {
    if (forwardForMs > 0) await within(this.whenEmpty(), forwardForMs);
    this.stopping = true;
    this.wakeUp?.('now');
  }

  /** The loop's end, after stop(). */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    let position = this.journal.confirmed;
    let failures = 0;
    while (!this.stopping) {
      try {
        const batch = await this.journal.read(position, this.options.batchSize);
        if (!batch) {
          if (this.journal.backlogBytes > 0) {
            // An append landed while this read ran: read again shortly rather than sleep on it.
            await this.wait(10);
            continue;
          }
          this.markEmpty();
          await this.wait(undefined, this.journal.whenAppended());
          continue;
        }
        this.empty = false;
        this.oldest = batch.firstTime;
        if (!(await this.forward(batch))) break;
        await this.journal.confirm(batch);
        position = batch.end;
        failures = 0;
      } catch (error) {
        // The journal itself failed (a read, the position file): the data stays, try again later.
        this.logger.error(`Reading the journal failed: ${errorText(error)}`);
        await this.wait(this.delay(++failures));
      }
    }
  }

  private async forward(batch: JournalBatch): Promise<boolean> {
    if (!batch.corrupt) return this.deliver(batch.lines);
    await this.deadLetters.appendRaw(batch.corrupt.data, batch.corrupt.reason);
    this.logger.error(`${batch.corrupt.reason}: the bytes were copied to ${this.deadLetters.path}`);
    return true;
  }

  /** true once InfluxDB has the lines (refused ones dead-lettered); false when stopped first. */
  private async deliver(lines: string[]): Promise<boolean> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.sink.write(lines);
        if (attempt > 1) this.logger.log(`Forwarding again after ${attempt - 1} failed attempts`);
        return true;
      } catch (error) {
        const failure = failureOf(error);
        if (failure.kind === 'rejected') return this.isolate(lines, failure);
        this.metrics.forwardRetries.inc({ reason: failure.reason });
        const retryAfter = failure.retryAfterSeconds;
        await this.wait(this.delay(attempt, retryAfter), undefined, retryAfter === undefined);
      }
    }
    return false;
  }

  private async isolate(lines: string[], failure: InfluxFailure): Promise<boolean> {
    if (lines.length === 1) {
      await this.deadLetters.append(lines, failure.detail);
      this.metrics.deadLetterPoints.inc();
      this.logger.warn(
        `InfluxDB refused a point (${failure.detail}); kept in ${this.deadLetters.path}`,
      );
      return true;
    }
    const half = Math.ceil(lines.length / 2);
    return (await this.deliver(lines.slice(0, half))) && (await this.deliver(lines.slice(half)));
  }

  private delay(attempt: number, retryAfterSeconds?: number): number {
    return retryDelayMs(attempt, retryAfterSeconds, {
      minMs: this.options.minBackoffMs ?? 100,
      maxMs: this.options.maxBackoffMs ?? 5_000,
      jitterMs: this.options.jitterMs,
    });
  }

  /** Waits `ms` (none: for ever), or for `event`, or until stopped, or (if allowed) woken. */
  private wait(ms?: number, event?: Promise<void>, wakeOnReady = true): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done('now'), ms);
      const done = (cause: WakeCause) => {
        if (cause === 'ready' && !wakeOnReady) return;
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = done;
      void event?.then(() => done('now'));
    });
  }

  private markEmpty(): void {
    this.empty = true;
    for (const resolve of this.emptyWaiters.splice(0)) resolve();
  }
}

/** 'ready': InfluxDB is back, which ends a backoff but not a Retry-After; 'now' ends any wait. */
type WakeCause = 'ready' | 'now';

function failureOf(error: unknown): InfluxFailure {
  if (error instanceof InfluxWriteError) return error.failure;
  return { kind: 'unavailable', reason: 'error', detail: errorText(error) };
}

/** Resolves when `promise` settles or after `ms`, whichever is first. */
function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
