export interface ReferenceParams {
  window: number;
  threshold: number;
  ratioWindow: number;
  rebaselineAfter: number;
  minStd: number;
}

export interface ReferenceResult {
  anomaly: boolean;
  zScore: number;
  modelAvg: number;
  anomalyRatio: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function sampleStd(xs: number[]): number {
  const mu = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1));
}

/**
 * DESIGN's z-score semantics (items 1–4) written the obvious way: arrays, two-pass mean and
 * standard deviation recomputed for every sample. Slow and independent of the service's code, so
 * tests can compare against it.
 */
export function referenceScores(values: number[], p: ReferenceParams): ReferenceResult[] {
  let model: number[] = [];
  let run: number[] = [];
  const flags: boolean[] = [];
  return values.map((x) => {
    if (model.length < p.window) {
      model.push(x);
      return { anomaly: false, zScore: 0, modelAvg: mean(model), anomalyRatio: 0 };
    }
    const mu = mean(model);
    const z = (x - mu) / Math.max(sampleStd(model), p.minStd);
    const anomaly = Math.abs(z) > p.threshold;
    flags.push(anomaly);
    const recent = flags.slice(-p.ratioWindow);
    const anomalyRatio = recent.filter(Boolean).length / recent.length;
    if (!anomaly) {
      model = [...model.slice(1), x];
      run = [];
    } else {
      run.push(x);
      if (p.rebaselineAfter > 0 && run.length === p.rebaselineAfter) {
        model = [...model, ...run].slice(-p.window);
        run = [];
      }
    }
    return { anomaly, zScore: z, modelAvg: mu, anomalyRatio };
  });
}

export const OLD_SERVER_PARAMS: ReferenceParams = {
  window: 25,
  threshold: 2,
  ratioWindow: 25,
  rebaselineAfter: 0,
  minStd: 0.001,
};
