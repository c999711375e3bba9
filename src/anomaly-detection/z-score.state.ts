import { PARAM_KEYS, ZScoreParams, checkZScoreParams } from './z-score.params';

/**
 * ZScoreModel's serialised form (JSON-safe: every number finite). Internal accumulators are part
 * of it on purpose: restoring them, rather than recomputing, makes a restored model continue with
 * bit-identical z-scores, which is what a restart test can then demand.
 */
export interface ZScoreModelState {
  params: ZScoreParams;
  /** Model ring slots in memory order; `filled` = its length, full once it equals the window. */
  model: number[];
  /** Slot of the oldest value once the ring is full (0 while warming up). */
  oldest: number;
  shift: number;
  mean: number;
  m2: number;
  updates: number;
  errorScale: number;
  /** Ratio ring slots (0/1) in memory order: min(ratioWindow, scored) of them. */
  flags: number[];
  flagPos: number;
  flagged: number;
  scored: number;
  /** Length of the current anomaly run and the ring of its newest min(K, W) values. */
  run: number;
  runValues: number[];
}

/** The `count` first slots of a ring read oldest first, the oldest being at `start`. */
export function ring(slots: ArrayLike<number>, count: number, start: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = slots[(start + i) % count];
  return out;
}

/**
 * Throws a RangeError naming every field that does not fit the parameters, so a corrupt or
 * hand-edited snapshot is refused instead of producing wrong scores. Invalid parameters are refused
 * first, with the model constructor's message.
 */
export function checkModelState(s: ZScoreModelState): void {
  const params: unknown = typeof s === 'object' && s !== null ? s.params : undefined;
  if (!PARAM_KEYS.every((key) => typeof (params as Partial<ZScoreParams>)?.[key] === 'number')) {
    throw new RangeError(`Invalid z-score model state: params must hold ${PARAM_KEYS.join(', ')}`);
  }
  checkZScoreParams(s.params);
  const { window: w, ratioWindow: n, rebaselineAfter: k } = s.params;
  const problems: string[] = [];
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const count = (v: unknown, max = Number.MAX_SAFE_INTEGER) =>
    Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
  const numbers = (name: string, v: unknown, length: number | [number, number]) => {
    const [min, max] = typeof length === 'number' ? [length, length] : length;
    if (!Array.isArray(v) || !v.every(finite) || v.length < min || v.length > max) {
      problems.push(`${name} must be ${min === max ? min : `${min} to ${max}`} finite numbers`);
    }
  };
  numbers('model', s.model, [0, w]);
  if (!count(s.oldest, w - 1)) problems.push(`oldest must be an integer from 0 to ${w - 1}`);
  for (const key of ['shift', 'mean', 'm2', 'errorScale'] as const) {
    if (!finite(s[key])) problems.push(`${key} must be a finite number`);
  }
  for (const key of ['updates', 'scored', 'run'] as const) {
    if (!count(s[key])) problems.push(`${key} must be a non-negative integer`);
  }
  numbers('flags', s.flags, Math.min(n, count(s.scored) ? s.scored : 0));
  if (Array.isArray(s.flags) && !s.flags.every((f) => f === 0 || f === 1)) {
    problems.push('flags must be 0 or 1');
  }
  if (!count(s.flagPos, n - 1)) problems.push(`flagPos must be an integer from 0 to ${n - 1}`);
  const sum = Array.isArray(s.flags) ? s.flags.reduce((a: number, f) => a + f, 0) : -1;
  if (s.flagged !== sum) problems.push('flagged must equal the number of flags set');
  numbers('runValues', s.runValues, Math.min(k, w));
  if (problems.length > 0) {
    throw new RangeError(`Invalid z-score model state: ${problems.join('; ')}`);
  }
}
