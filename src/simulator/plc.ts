import type { SimSample } from './machine';
import { BATCH_ROUTE, SINGLE_ROUTES, batchBody, singleBody } from './payloads';
import type { Sender } from './plc-connection';
import { classify, resendDelayMs } from './resend-policy';
import type { RunStats } from './stats';

/** Whether PLCs send batches; the first 404 from the batch route switches every PLC to single samples. */
export class BatchMode {
  notice?: string;
  constructor(public enabled: boolean) {}

  unavailable(status: number): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.notice =
      `POST ${BATCH_ROUTE} answered ${status}: this service has no batch route; ` +
      'sent single samples instead';
  }
}

export interface PlcOptions {
  /** Samples the PLC buffers while it cannot send (a TwinCAT ring buffer); more are lost. */
  bufferLimit: number;
  maxBatch: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One PLC: samples go into its buffer as the machine produces them; one request is in flight at a
 * time; a sample leaves the buffer when the service accepted it (2xx) or refused it (4xx), and is
 * resent after a pause on 429/503/5xx/timeouts.
 */
export class SimulatedPlc {
  private readonly buffer: SimSample[] = [];
  private wake?: () => void;
  private producing = true;
  private drainUntil = Infinity;

  constructor(
    private readonly sender: Sender,
    private readonly stats: RunStats,
    private readonly batch: BatchMode,
    private readonly o: PlcOptions,
  ) {}

  enqueue(samples: SimSample[]): void {
    for (const s of samples) {
      this.stats.generated++;
      if (this.buffer.length >= this.o.bufferLimit) this.stats.lost++;
      else this.buffer.push(s);
    }
    this.wake?.();
  }

  get backlog(): number {
    return this.buffer.length;
  }

  /** No more samples will come; keep sending what is buffered until `deadline` (epoch ms). */
  finish(deadline: number): void {
    this.producing = false;
    this.drainUntil = deadline;
    this.wake?.();
  }

  async run(): Promise<void> {
    let attempt = 0;
    for (;;) {
      if (this.buffer.length === 0) {
        if (!this.producing) return;
        await new Promise<void>((r) => (this.wake = r));
        this.wake = undefined;
        continue;
      }
      if (Date.now() >= this.drainUntil) break;
      const batched = this.batch.enabled;
      const take = batched ? this.buffer.slice(0, this.o.maxBatch) : [this.buffer[0]];
      this.stats.requests++;
      const started = performance.now();
      const result = await this.sender.post(
        batched ? BATCH_ROUTE : SINGLE_ROUTES[take[0].kind],
        batched ? batchBody(take) : singleBody(take[0]),
      );
      if (!('error' in result)) this.stats.answered(performance.now() - started);
      const outcome = classify(result);
      if (outcome.kind === 'resend') {
        this.stats.resend(outcome.reason);
        const delay = resendDelayMs(++attempt, outcome.retryAfterMs);
        await sleep(Math.max(0, Math.min(delay, this.drainUntil - Date.now())));
        continue;
      }
      attempt = 0;
      if (outcome.kind === 'refused' && batched && outcome.status === 404) {
        this.batch.unavailable(404);
        continue;
      }
      this.buffer.splice(0, take.length);
      if (outcome.kind === 'accepted') this.stats.accepted += take.length;
      else this.stats.refuse(outcome.status, take.length, outcome.message);
    }
    this.stats.lost += this.buffer.length;
    this.buffer.length = 0;
  }
}
