import { Logger } from '@nestjs/common';
import type { InfluxFailure } from './influx-failure';

const PROBE_INTERVAL_MS = 2_000;

/**
 * Whether InfluxDB can take writes, as the last write or probe found it. Only while not ready does
 * it run the probe again, every PROBE_INTERVAL_MS on an unref'd timer: a healthy writer keeps no
 * timer, idle or busy, and the timer never holds the process open on shutdown.
 */
export class InfluxReadiness {
  private readonly logger = new Logger('InfluxSink');
  private isReady = false;
  private currentDetail = 'not contacted yet';
  private timer?: NodeJS.Timeout;
  private probing?: Promise<void>;
  private stopped = false;

  /** Called when InfluxDB turns ready again, so a forwarder waiting out a backoff can go at once. */
  onReady?: () => void;

  constructor(
    private readonly url: string,
    private readonly probeOnce: () => Promise<void>,
  ) {}

  get ready(): boolean {
    return this.isReady;
  }

  get detail(): string {
    return this.currentDetail;
  }

  /** Runs the probe now, one at a time. */
  probe(): Promise<void> {
    this.probing ??= this.probeOnce().finally(() => (this.probing = undefined));
    return this.probing;
  }

  markReady(description: string): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.isReady) return;
    this.isReady = true;
    this.currentDetail = 'connected';
    this.logger.log(`InfluxDB ${this.url} takes writes (${description})`);
    this.onReady?.();
  }

  markUnready(failure: InfluxFailure): void {
    // Logged on each change only: a long outage must not write a line per failed request.
    if (this.isReady || this.currentDetail !== failure.detail) {
      this.logger.warn(`InfluxDB ${this.url} cannot take writes: ${failure.detail}`);
    }
    this.isReady = false;
    this.currentDetail = failure.detail;
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.probe();
    }, PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
