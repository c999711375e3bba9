import { ZScoreDetector } from '../z-score-detector';
import type { ZScoreParams } from '../z-score.params';
import { LabelledSignal, SIGNAL_NAMES, SignalName, makeSignal } from './signals';

/** Issue 7's scoring rules, in samples of the delivered stream. */
export const RULES = {
  /** A spike or step is detected when a flag falls at its onset or up to this many samples after. */
  detectWithin: 3,
  /** A flag is not false when it falls at an event's onset or up to this many samples after. */
  explainedWithin: 50,
  /** Most false flags per 1,000 points, on average over the signals, for a usable default. */
  maxFalsePer1000: 10,
} as const;

export interface SignalScore {
  points: number;
  flags: number;
  falseFlags: number;
  /** Spikes and steps: how many there were, and how many were detected. */
  mustDetect: number;
  detected: number;
}

/** Indices of the flagged samples when the detector scores the signal in order. */
export function flagsOf(signal: LabelledSignal, params: ZScoreParams): number[] {
  const detector = new ZScoreDetector(params);
  const flags: number[] = [];
  for (let i = 0; i < signal.values.length; i++) {
    if (detector.score(signal.values[i], signal.times[i]).anomaly) flags.push(i);
  }
  return flags;
}

/** Scores flags against the signal's labels by RULES. */
export function scoreFlags(signal: LabelledSignal, flags: readonly number[]): SignalScore {
  const flagged = new Uint8Array(signal.values.length);
  for (const i of flags) flagged[i] = 1;
  const explained = new Uint8Array(signal.values.length);
  let mustDetect = 0;
  let detected = 0;
  for (const event of signal.events) {
    explained.fill(1, event.at, event.at + RULES.explainedWithin + 1);
    if (event.kind !== 'spike' && event.kind !== 'step') continue;
    mustDetect++;
    if (flagged.subarray(event.at, event.at + RULES.detectWithin + 1).includes(1)) detected++;
  }
  const falseFlags = flags.filter((i) => explained[i] === 0).length;
  return { points: signal.values.length, flags: flags.length, falseFlags, mustDetect, detected };
}

export interface ParamsResult {
  params: ZScoreParams;
  /** Per signal, summed over the seeds. */
  bySignal: Record<SignalName, SignalScore>;
  spikes: { detected: number; of: number };
  steps: { detected: number; of: number };
  /** Mean over the signals of their false flags per 1,000 points. */
  meanFalsePer1000: number;
  /** Detects every spike and step with at most RULES.maxFalsePer1000 false flags on average. */
  qualifies: boolean;
}

export const falsePer1000 = (s: SignalScore) => (1000 * s.falseFlags) / s.points;

/** Generated once per seed and signal, then shared by every parameter set. */
export function makeSignals(seeds: readonly number[]): LabelledSignal[] {
  return seeds.flatMap((seed) => SIGNAL_NAMES.map((name) => makeSignal(name, seed)));
}

export function evaluate(params: ZScoreParams, signals: readonly LabelledSignal[]): ParamsResult {
  const empty = (): SignalScore => ({
    points: 0,
    flags: 0,
    falseFlags: 0,
    mustDetect: 0,
    detected: 0,
  });
  const bySignal = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, empty()])) as Record<
    SignalName,
    SignalScore
  >;
  for (const signal of signals) {
    const score = scoreFlags(signal, flagsOf(signal, params));
    const sum = bySignal[signal.name];
    for (const key of Object.keys(sum) as Array<keyof SignalScore>) sum[key] += score[key];
  }
  const spikes = { detected: bySignal.spikes.detected, of: bySignal.spikes.mustDetect };
  const steps = { detected: bySignal.steps.detected, of: bySignal.steps.mustDetect };
  const rates = SIGNAL_NAMES.map((n) => falsePer1000(bySignal[n]));
  const meanFalsePer1000 = rates.reduce((a, r) => a + r, 0) / rates.length;
  const qualifies =
    spikes.detected === spikes.of &&
    steps.detected === steps.of &&
    meanFalsePer1000 <= RULES.maxFalsePer1000;
  return { params, bySignal, spikes, steps, meanFalsePer1000, qualifies };
}

/**
 * Product limits a default must respect, which σ-relative signals cannot measure:
 * - S is in signal units, so its default stays the old 0.001 (rows with other S show its effect);
 * - a detector scores nothing until W samples came: W ≤ 100 is under two minutes at 1 Hz;
 * - K ≥ 10: a burst of a few faulty readings is flagged, not learnt as the new level.
 */
export function eligible(p: ZScoreParams): boolean {
  return p.minStd === 0.001 && p.window <= 100 && p.rebaselineAfter >= 10;
}

/**
 * The defaults rule: of the eligible sets that qualify on the selection seeds and again on the
 * held-out seeds, the one with the fewest false flags (on the selection seeds).
 */
export function choose(
  selection: readonly ParamsResult[],
  heldOut: (params: ZScoreParams) => ParamsResult,
): ParamsResult | undefined {
  const ranked = selection
    .filter((r) => r.qualifies && eligible(r.params))
    .sort((a, b) => a.meanFalsePer1000 - b.meanFalsePer1000);
  return ranked.find((r) => heldOut(r.params).qualifies);
}
