/** W, T, N, K, S of DESIGN's z-score semantics. Same shape as the config's DetectorDefaults. */
export interface ZScoreParams {
  /** W: how many normal values the model holds. */
  window: number;
  /** T: |z| above this is an anomaly. */
  threshold: number;
  /** N: how many scored samples the anomaly ratio looks back over. */
  ratioWindow: number;
  /** K: consecutive anomalies after which the model re-baselines (0 = never). */
  rebaselineAfter: number;
  /** S: floor of σ. */
  minStd: number;
}

/** The parameters' names, in the order config entries and the API list them. */
export const PARAM_KEYS = [
  'window',
  'threshold',
  'ratioWindow',
  'rebaselineAfter',
  'minStd',
] as const;

export function sameParams(a: Readonly<ZScoreParams>, b: Readonly<ZScoreParams>): boolean {
  return PARAM_KEYS.every((key) => a[key] === b[key]);
}

/** Guards memory: a typo such as 2500000 in a config file must not allocate gigabytes per series. */
export const MAX_WINDOW = 1_000_000;

/** Throws a RangeError naming every invalid parameter. */
export function checkZScoreParams(p: Partial<ZScoreParams>): void {
  const problems = validateZScoreParams(p);
  if (problems.length > 0) {
    throw new RangeError(`Invalid z-score parameters: ${problems.join('; ')}`);
  }
}

/**
 * One message per invalid parameter; empty when all are valid. Shared by the detector, which
 * refuses bad parameters, and the config loader, which names the file and entry they came from.
 */
export function validateZScoreParams(p: Partial<ZScoreParams>): string[] {
  const problems: string[] = [];
  const intIn = (key: keyof ZScoreParams, min: number, max: number) => {
    const v = p[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) {
      problems.push(`${key} must be an integer from ${min} to ${max}, got ${String(v)}`);
    }
  };
  const positive = (key: keyof ZScoreParams) => {
    const v = p[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      problems.push(`${key} must be a finite number > 0, got ${String(v)}`);
    }
  };
  intIn('window', 2, MAX_WINDOW);
  positive('threshold');
  intIn('ratioWindow', 1, MAX_WINDOW);
  intIn('rebaselineAfter', 0, Number.MAX_SAFE_INTEGER);
  positive('minStd');
  return problems;
}
