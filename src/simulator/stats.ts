import type { ResendReason } from './resend-policy';

/** Latencies in log-spaced buckets (5 % wide): percentiles in constant memory at any rate. */
export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;

  record(ms: number): void {
    const bucket = Math.floor(Math.log(Math.max(ms, 0.001) * 1000) / Math.log(1.05));
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
    this.count++;
    this.max = Math.max(this.max, ms);
  }

  /** Upper edge of the bucket holding the q-quantile, in ms; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(bucket)!;
      if (seen >= rank) return Math.min(1.05 ** (bucket + 1) / 1000, this.max);
    }
    return this.max;
  }
}

/** Counters of one run, shared by every simulated PLC (one event loop: no locking needed). */
export class RunStats {
  generated = 0;
  accepted = 0;
  /** Samples dropped after a 4xx other than 429, by status. */
  readonly refused = new Map<number, number>();
  /** Samples the PLC buffer could not hold, or still unsent when the drain time ran out. */
  lost = 0;
  requests = 0;
  readonly resends = new Map<ResendReason, number>();
  readonly latency = new LatencyHistogram();
  /** Latencies since the progress line last read them. */
  recentLatency = new LatencyHistogram();
  /** First answer of each refused status, so the summary can say why. */
  readonly refusalMessages = new Map<number, string>();
  queued = 0;

  answered(ms: number): void {
    this.latency.record(ms);
    this.recentLatency.record(ms);
  }

  get refusedTotal(): number {
    return [...this.refused.values()].reduce((a, n) => a + n, 0);
  }

  get resendTotal(): number {
    return [...this.resends.values()].reduce((a, n) => a + n, 0);
  }

  refuse(status: number, samples: number, message: string): void {
    this.refused.set(status, (this.refused.get(status) ?? 0) + samples);
    if (!this.refusalMessages.has(status)) this.refusalMessages.set(status, message);
  }

  resend(reason: ResendReason): void {
    this.resends.set(reason, (this.resends.get(reason) ?? 0) + 1);
  }
}
