import type { Random } from './signals';

/** Injected anomalies are this many noise σ away from the true value (a clear fault, e.g. a spike). */
export const ANOMALY_SIGMAS = { min: 6, max: 10 } as const;

/**
 * Decides, sample by sample, whether to replace the true value with an anomaly. Only after the
 * series' first `warmup` samples: the service scores nothing while its model fills, so an anomaly
 * there could never be found and would only blur recall.
 */
export class AnomalyInjector {
  private seen = 0;

  constructor(
    private readonly random: Random,
    private readonly rate: number,
    private readonly warmup: number,
  ) {}

  /** The offset to add to this sample (0 = a normal sample). */
  offset(noise: number): number {
    this.seen++;
    if (this.seen <= this.warmup || this.rate <= 0 || this.random() >= this.rate) return 0;
    const sigmas = ANOMALY_SIGMAS.min + this.random() * (ANOMALY_SIGMAS.max - ANOMALY_SIGMAS.min);
    return (this.random() < 0.5 ? -1 : 1) * sigmas * noise;
  }
}
