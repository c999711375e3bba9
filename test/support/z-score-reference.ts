import type { ZScoreParams } from '../../src/anomaly-detection/z-score.params';

export interface ReferenceResult {
  anomaly: boolean;
  zScore: number;
  modelAvg: number;
  modelStd: number;
  anomalyRatio: number;
}

const mean = (values: number[]) => values.reduce((a, v) => a + v, 0) / values.length;

/**
 * DESIGN's z-score semantics (items 1–4) written the obvious way: an array model, two-pass mean and
 * standard deviation recomputed for every sample. Slow and independent of the service's code, so
 * unit and integration tests compare against it.
 */
export class TwoPassReference {
  private model: number[] = [];
  private flags: boolean[] = [];
  private run: number[] = [];

  constructor(private readonly p: ZScoreParams) {}

  score(x: number): ReferenceResult {
    const { window, threshold, ratioWindow, rebaselineAfter, minStd } = this.p;
    if (this.model.length < window) {
      this.model.push(x);
      return {
        anomaly: false,
        zScore: 0,
        modelAvg: mean(this.model),
        modelStd: 0,
        anomalyRatio: 0,
      };
    }
    const mu = mean(this.model);
    const sd = Math.sqrt(this.model.reduce((a, v) => a + (v - mu) ** 2, 0) / (window - 1));
    const sigma = Math.max(sd, minStd);
    const zScore = (x - mu) / sigma;
    const anomaly = Math.abs(zScore) > threshold;
    this.flags.push(anomaly);
    if (this.flags.length > ratioWindow) this.flags.shift();
    const anomalyRatio = this.flags.filter(Boolean).length / this.flags.length;
    if (anomaly) {
      this.run.push(x);
      if (rebaselineAfter > 0 && this.run.length === rebaselineAfter) {
        this.model = [...this.model, ...this.run].slice(-window);
        this.run = [];
      }
    } else {
      this.run = [];
      this.model.shift();
      this.model.push(x);
    }
    return { anomaly, zScore, modelAvg: mu, modelStd: sigma, anomalyRatio };
  }
}

export function referenceScores(values: number[], params: ZScoreParams): ReferenceResult[] {
  const reference = new TwoPassReference(params);
  return values.map((x) => reference.score(x));
}

/** The old server's parameters (W = 25, T = 2, N = 25, K = 0, S = 0.001). */
export const OLD_SERVER_PARAMS: ZScoreParams = {
  window: 25,
  threshold: 2,
  ratioWindow: 25,
  rebaselineAfter: 0,
  minStd: 0.001,
};
