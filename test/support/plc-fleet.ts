/** What one refused answer looked like (the first of each status is kept). */
export interface Refusal {
  status: number;
  retryAfter: string | null;
  body: string;
}

export interface FleetOptions {
  /** Base URL of the service, read on every request (a restarted service may move). */
  url: () => string;
  /** LineName of every sample, so a test reads back only its own. */
  line: string;
  samples: number;
  plcs: number;
  /** Pause before resending a refused or failed sample, ms (a PLC waits Retry-After; tests less). */
  resendAfterMs?: number;
}

export const T0 = 1764000000000;

/** Sample i's value: not a whole number, so a float that lost precision or a mixed-up sample shows. */
export const valueOf = (i: number) => i * 0.5 + 0.125;

/**
 * PLCs as DESIGN describes them: each with one request in flight, posting `/generic-sensor` with
 * its own samples in order; a 2xx acknowledges the sample; a 429, a 5xx, or no answer at all
 * (connection refused or reset) means resend, after a pause. Sample i has TimeStamp T0 + i.
 */
export class PlcFleet {
  readonly acked = new Set<number>();
  readonly refusals = new Map<number, Refusal>();
  requests = 0;
  /** Answers that said resend (429, 5xx). */
  refused = 0;
  /** Requests without an answer (connection refused or reset, timeout). */
  failures = 0;
  private progress: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly options: FleetOptions) {}

  /** Resolves once every sample is acknowledged. */
  run(): Promise<void> {
    const { plcs } = this.options;
    return Promise.all(Array.from({ length: plcs }, (_, id) => this.plc(id))).then(() => undefined);
  }

  /** Resolves once `count` samples in all are acknowledged. */
  acknowledged(count: number): Promise<void> {
    if (this.acked.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.progress.push({ count, resolve }));
  }

  private async plc(id: number): Promise<void> {
    const { samples, plcs, resendAfterMs = 100 } = this.options;
    for (let i = id; i < samples; i += plcs) {
      while (!(await this.send(i))) await new Promise((r) => setTimeout(r, resendAfterMs));
      this.acked.add(i);
      this.progress = this.progress.filter(
        (p) => p.count > this.acked.size || (p.resolve(), false),
      );
    }
  }

  private async send(i: number): Promise<boolean> {
    this.requests++;
    try {
      const res = await fetch(`${this.options.url()}/generic-sensor`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/html;charset=UTF-8' },
        body: JSON.stringify({
          LineName: this.options.line,
          MachineName: `PLC${i % this.options.plcs}`,
          SensorName: 'S',
          SensorValue: valueOf(i),
          TimeStamp: T0 + i,
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      if (res.ok) return true;
      if (res.status !== 429 && res.status < 500) {
        throw new Error(`Sample ${i} refused with ${res.status}, which a PLC drops: ${body}`);
      }
      this.refused++;
      if (!this.refusals.has(res.status)) {
        this.refusals.set(res.status, {
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body,
        });
      }
    } catch (error) {
      if (error instanceof Error && /which a PLC drops/.test(error.message)) throw error;
      this.failures++; // no answer: connection refused or reset, timeout
    }
    return false;
  }
}
