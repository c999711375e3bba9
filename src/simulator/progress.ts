import { LatencyHistogram, RunStats } from './stats';

const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(1)} ms`);

/** One progress line: samples/s since the last line, totals, and this interval's latency. */
export function progressLine(
  stats: RunStats,
  elapsedS: number,
  intervalS: number,
  acceptedBefore: number,
  backlog: number,
): string {
  const rate = (stats.accepted - acceptedBefore) / intervalS;
  const lat = stats.recentLatency;
  return (
    `[${elapsedS.toFixed(1).padStart(6)} s] ${rate.toFixed(0).padStart(6)} samples/s  ` +
    `accepted ${stats.accepted}  refused ${stats.refusedTotal}  lost ${stats.lost}  ` +
    `resends ${stats.resendTotal}  buffered ${backlog}  ` +
    `latency p50 ${ms(lat.quantile(0.5))} p99 ${ms(lat.quantile(0.99))}`
  );
}

/**
 * Live progress: on a terminal one line rewritten in place every second; otherwise (a log, a
 * pipe, CI) a new line every few seconds so the output stays readable.
 */
export class Progress {
  private timer?: NodeJS.Timeout;
  private acceptedBefore = 0;
  private last = 0;

  constructor(
    private readonly stats: RunStats,
    private readonly out: NodeJS.WriteStream,
    private readonly backlog: () => number,
    private readonly started = performance.now(),
  ) {}

  private get tty(): boolean {
    return Boolean(this.out.isTTY);
  }

  start(): void {
    this.last = performance.now();
    this.timer = setInterval(() => this.print(), this.tty ? 1000 : 2000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.print();
    if (this.tty) this.out.write('\n');
  }

  private print(): void {
    const now = performance.now();
    const line = progressLine(
      this.stats,
      (now - this.started) / 1000,
      Math.max((now - this.last) / 1000, 0.001),
      this.acceptedBefore,
      this.backlog(),
    );
    this.acceptedBefore = this.stats.accepted;
    this.last = now;
    this.stats.recentLatency = new LatencyHistogram();
    this.out.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}
