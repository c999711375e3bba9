import { Logger } from '@nestjs/common';
import { MetricsService } from '../../health/metrics.service';
import { BatchDelivery, ForwarderSink } from './batch-delivery';
import { ConfirmWindow } from './confirm-window';
import { DeadLetterFile } from './dead-letter-file';
import { retryDelayMs, Waits, within } from './forward-waits';
import { Journal, JournalBatch } from './journal';
import { errorText } from '../../common/errors/error-text';

export type { ForwarderSink } from './batch-delivery';

/**
 * Writes in flight at once. With one, InfluxDB sat idle while each batch crossed the network and
 * the next was read: a 10 s run of plain series took 8 s more to drain. Measured on the 2-core
 * bench machine (docs/performance.md, "Journal forwarding"), landed samples/s of plain series rose
 * with each step, 1 → 4: 67k, 77k, 84k, 98k (drain 8.3 → 4.6 s). Only 1-4 were measured, on one
 * machine; nothing measured says a site needs another count, so it is not a setting. Each batch in
 * flight holds up to INFLUX_BATCH_SIZE lines in memory.
 */
export const WRITES_IN_FLIGHT = 4;

export interface ForwarderOptions {
  /** Most lines per write (INFLUX_BATCH_SIZE). */
  batchSize: number;
  /** Random extra delay per retry (INFLUX_JITTER_INTERVAL), spreading many instances' retries. */
  jitterMs: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Default WRITES_IN_FLIGHT. */
  writesInFlight?: number;
}

/**
 * Drains the journal into InfluxDB in batches of whole records, read in journal order, with up to
 * `writesInFlight` writes at once, and moves the journal's position past a batch only once it and
 * every earlier batch are in InfluxDB (or their refused lines dead-lettered): writes finish in any
 * order, confirms happen in journal order (ConfirmWindow). Each batch is retried for as long as it
 * takes, refused lines dead-lettered (BatchDelivery); while writes fail, no new one starts.
 *
 * No timer runs while idle: it waits for the next append, a confirm, or the end of a backoff.
 */
export class JournalForwarder {
  private readonly logger = new Logger(JournalForwarder.name);
  private readonly window: ConfirmWindow<JournalBatch>;
  private readonly writesInFlight: number;
  private running?: Promise<void>;
  private stopping = false;
  private readonly delivery: BatchDelivery;
  private readonly waits = new Waits();
  private emptyWaiters: Array<() => void> = [];
  private oldest?: number;
  private empty = false;

  constructor(
    private readonly journal: Journal,
    sink: ForwarderSink,
    readonly deadLetters: DeadLetterFile,
    metrics: MetricsService,
    private readonly options: ForwarderOptions,
  ) {
    this.writesInFlight = options.writesInFlight ?? WRITES_IN_FLIGHT;
    this.delivery = new BatchDelivery({
      sink,
      deadLetters,
      metrics,
      logger: this.logger,
      waits: this.waits,
      delay: (attempt, retryAfter) => this.delay(attempt, retryAfter),
      stopping: () => this.stopping,
    });
    this.window = new ConfirmWindow(
      (batch) => journal.confirm(batch),
      (error) => this.logger.error(`Confirming a forwarded batch failed: ${errorText(error)}`),
    );
  }

  /** When the oldest record not yet in InfluxDB was journaled (epoch ms); undefined when none. */
  get oldestUnsentTime(): number | undefined {
    if (this.empty) return undefined;
    return this.window.oldest?.firstTime ?? this.oldest;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** InfluxDB is back: end the backoffs now (a Retry-After wait is honoured to the end). */
  wake(): void {
    this.waits.wake('ready');
  }

  /** Resolves when everything journaled so far is in InfluxDB (or dead-lettered). */
  whenEmpty(): Promise<void> {
    // The flag alone lags an append that the loop has not woken up for yet.
    if (this.empty && this.journal.backlogBytes === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /**
   * Forwards for at most `forwardForMs` more while the journal has a backlog, then stops and
   * resolves once the loop has ended. Writes still in flight are abandoned by the caller closing
   * the sink; their batches (and every later one) stay in the journal and are sent again on the
   * next start.
   */
  async stop(forwardForMs: number): Promise<void> {
    if (forwardForMs > 0) await within(this.whenEmpty(), forwardForMs);
    this.stopping = true;
    this.waits.end();
  }

  /** The loop's end, after stop(): every write has ended and every confirm is done. */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Reads batches ahead of the confirmed position and starts their writes while there is room. */
  private async run(): Promise<void> {
    let position = this.journal.confirmed;
    let failures = 0;
    while (!this.stopping) {
      if (this.window.size >= this.writesInFlight) {
        await this.waits.wait(undefined, this.window.nextConfirm());
        continue;
      }
      let batch: JournalBatch | undefined;
      try {
        batch = await this.journal.read(position, this.options.batchSize);
        failures = 0;
      } catch (error) {
        // The journal itself failed: the data stays, try again later.
        this.logger.error(`Reading the journal failed: ${errorText(error)}`);
        await this.waits.wait(this.delay(++failures));
        continue;
      }
      if (!batch) {
        await this.idle();
        continue;
      }
      this.empty = false;
      this.oldest = batch.firstTime;
      if (this.window.size > 0 && this.journal.endsAt(batch.end)) {
        // The journal's tail, still growing: sent now beside other writes it would go in many
        // small writes (single samples at 2,000/s), each an InfluxDB request and a position
        // save. Read again, larger, once the writes out are confirmed.
        await this.waits.wait(undefined, this.window.nextConfirm());
        continue;
      }
      // While writes fail, the writes already out retry for the rest: the batch waits its turn.
      while (this.delivery.failing && this.window.size > 0 && !this.stopping) {
        await this.waits.wait(undefined, this.window.nextConfirm());
      }
      if (this.stopping) break;
      this.window.add(batch, this.delivery.forward(batch));
      position = batch.end;
    }
    await this.window.settled();
  }

  /** Nothing left to read: wait for an append, or for a write in flight to be confirmed. */
  private async idle(): Promise<void> {
    if (this.window.size > 0) {
      await this.waits.wait(
        undefined,
        Promise.race([this.window.nextConfirm(), this.journal.whenAppended()]),
      );
    } else if (this.journal.backlogBytes > 0) {
      // An append landed while the read ran: read again shortly rather than sleep on it.
      await this.waits.wait(10);
    } else {
      this.markEmpty();
      await this.waits.wait(undefined, this.journal.whenAppended());
    }
  }

  private delay(attempt: number, retryAfterSeconds?: number): number {
    return retryDelayMs(attempt, retryAfterSeconds, {
      minMs: this.options.minBackoffMs ?? 100,
      maxMs: this.options.maxBackoffMs ?? 5_000,
      jitterMs: this.options.jitterMs,
    });
  }

  private markEmpty(): void {
    this.empty = true;
    for (const resolve of this.emptyWaiters.splice(0)) resolve();
  }
}
