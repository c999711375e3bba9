import type { FlaggedSample } from './service-api';

export interface DetectionScore {
  injected: number;
  flagged: number;
  truePositives: number;
  /** truePositives / flagged; undefined when nothing was flagged. */
  precision?: number;
  /** truePositives / injected; undefined when nothing was injected. */
  recall?: number;
}

const key = (s: FlaggedSample) => `${s.line}\u0000${s.machine}\u0000${s.sensor}\u0000${s.time}`;

/**
 * Compares the injected labels with what the service flagged. A sample is identified by its
 * series and TimeStamp (unique per series), so a resent sample counts once.
 */
export function scoreDetection(
  injected: FlaggedSample[],
  flagged: FlaggedSample[],
): DetectionScore {
  const labels = new Set(injected.map(key));
  const found = new Set(flagged.map(key));
  let truePositives = 0;
  for (const k of found) if (labels.has(k)) truePositives++;
  return {
    injected: labels.size,
    flagged: found.size,
    truePositives,
    precision: found.size ? truePositives / found.size : undefined,
    recall: labels.size ? truePositives / labels.size : undefined,
  };
}
