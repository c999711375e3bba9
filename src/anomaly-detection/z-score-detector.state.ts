import type { AnomalyEvent, DetectionResult } from '../common/domain/sample';
import type { ZScoreModelState } from './z-score.state';

/** ZScoreDetector's serialised form (version 1), safe to JSON.stringify and read back. */
export interface ZScoreDetectorState {
  version: 1;
  model: ZScoreModelState;
  /** Timestamp of the newest in-order sample; null before the first. */
  lastTime: number | null;
  /** The resend memory, oldest first: at most RESEND_MEMORY scored samples and their results. */
  recent: Array<{ time: number; result: DetectionResult }>;
  /** The run of anomalies not yet ended by a normal sample. */
  openRun: AnomalyEvent | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** The number fields of a DetectionResult. */
export const RESULT_NUMBERS = [
  'anomalyRatio',
  'modelAvg',
  'modelStd',
  'zScore',
  'threshold',
] as const;
const EVENT_NUMBERS = ['start', 'end', 'samples', 'peakZ'] as const;

function isEvent(v: unknown): v is AnomalyEvent {
  return isRecord(v) && EVENT_NUMBERS.every((key) => finite(v[key]));
}

function isResult(v: unknown): v is DetectionResult {
  return (
    isRecord(v) &&
    typeof v.anomaly === 'boolean' &&
    RESULT_NUMBERS.every((key) => finite(v[key])) &&
    (v.endedRun === undefined || isEvent(v.endedRun))
  );
}

/**
 * Throws a RangeError unless `s` has the shape toJSON() writes; the model part is checked in
 * depth by ZScoreModel.fromJSON. The memory size is not checked against RESEND_MEMORY on purpose:
 * a longer list simply keeps its newest entries.
 */
export function checkDetectorState(s: unknown): asserts s is ZScoreDetectorState {
  const problems: string[] = [];
  if (!isRecord(s)) throw new RangeError('Invalid detector state: not an object');
  if (s.version !== 1) problems.push(`unsupported version ${String(s.version)}`);
  if (!isRecord(s.model) || !isRecord(s.model.params)) problems.push('model must be an object');
  if (s.lastTime !== null && !finite(s.lastTime)) problems.push('lastTime must be a number');
  const recent = s.recent;
  if (!Array.isArray(recent)) {
    problems.push('recent must be an array');
  } else if (!recent.every((r) => isRecord(r) && finite(r.time) && isResult(r.result))) {
    problems.push('recent must hold {time, result} entries');
  }
  if (s.openRun !== null && !isEvent(s.openRun)) problems.push('openRun must be an event or null');
  if (problems.length > 0) throw new RangeError(`Invalid detector state: ${problems.join('; ')}`);
}
