import { gaussian, rng } from '../../common/random/random';

/**
 * Labelled synthetic signals for choosing the detector's defaults (issue 7, item 1). Every size is
 * relative to the noise σ, which is 1 here: spikes of ±6σ, level steps of 5σ, drift of 2σ per
 * 10,000 samples, a sensor stuck for 300 samples, a 1σ sine of period 200, 0.1 quantisation, gaps.
 */
export const SIGNAL_SPEC = {
  length: 20_000,
  level: 100,
  sigma: 1,
  spike: { size: 6, every: 1000 },
  step: { size: 5, every: 2000 },
  driftPer10k: 2,
  stuck: { length: 300, every: 3000 },
  sine: { amplitude: 1, period: 200 },
  quantum: 0.1,
  gap: { count: 12, minLength: 20, maxLength: 500 },
} as const;

/** An injected change. Onsets of spikes and steps must be detected; the others need not be. */
export interface LabelledEvent {
  kind: 'spike' | 'step' | 'stuck' | 'unstuck';
  /** Index of the first affected sample in the delivered stream. */
  at: number;
}

export interface LabelledSignal {
  name: SignalName;
  values: number[];
  /** One per value, in sample periods; a gap is a jump. */
  times: number[];
  events: LabelledEvent[];
}

export const SIGNAL_NAMES = [
  'noise',
  'spikes',
  'steps',
  'drift',
  'stuck',
  'sine',
  'quantised',
  'gaps',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/**
 * Positions `first + k·every`, each moved by up to ±every/4 at random, for as many as leave
 * `room` samples after them inside the signal.
 */
function onsets(rand: () => number, first: number, every: number, room: number): number[] {
  const out: number[] = [];
  for (let at = first; at + every / 4 + room < SIGNAL_SPEC.length; at += every) {
    out.push(at + Math.round((rand() - 0.5) * (every / 2)));
  }
  return out;
}

/** One signal, Gaussian noise around SIGNAL_SPEC.level plus its feature; the same seed, the same signal. */
export function makeSignal(name: SignalName, seed: number): LabelledSignal {
  const { length, level, sigma } = SIGNAL_SPEC;
  const rand = rng(seed * 1000 + SIGNAL_NAMES.indexOf(name));
  const noise = Array.from({ length }, () => level + sigma * gaussian(rand));
  const times = noise.map((_, i) => i);
  const events: LabelledEvent[] = [];
  const sign = () => (rand() < 0.5 ? -1 : 1);
  const sine = (t: number) =>
    SIGNAL_SPEC.sine.amplitude * sigma * Math.sin((2 * Math.PI * t) / SIGNAL_SPEC.sine.period);
  let values = noise;
  switch (name) {
    case 'noise':
      break;
    case 'spikes':
      // A glitch replaces a reading rather than adding to it: each spike lies exactly 6σ off.
      for (const at of onsets(rand, 500, SIGNAL_SPEC.spike.every, 0)) {
        values[at] = level + sign() * SIGNAL_SPEC.spike.size * sigma;
        events.push({ kind: 'spike', at });
      }
      break;
    case 'steps': {
      const steps = onsets(rand, 1000, SIGNAL_SPEC.step.every, 0);
      let offset = 0;
      values = noise.map((x, i) => {
        if (steps.includes(i)) offset += sign() * SIGNAL_SPEC.step.size * sigma;
        return x + offset;
      });
      events.push(...steps.map((at) => ({ kind: 'step' as const, at })));
      break;
    }
    case 'drift':
      values = noise.map((x, i) => x + (SIGNAL_SPEC.driftPer10k * sigma * i) / 10_000);
      break;
    case 'stuck':
      for (const at of onsets(rand, 1500, SIGNAL_SPEC.stuck.every, SIGNAL_SPEC.stuck.length)) {
        const end = at + SIGNAL_SPEC.stuck.length;
        for (let i = at; i < end; i++) values[i] = values[at - 1];
        // Moving again is a change we injected too: the detector may well flag it.
        events.push({ kind: 'stuck', at }, { kind: 'unstuck', at: end });
      }
      break;
    case 'sine':
      values = noise.map((x, i) => x + sine(i));
      break;
    case 'quantised':
      values = noise.map((x) => Math.round(x / SIGNAL_SPEC.quantum) * SIGNAL_SPEC.quantum);
      break;
    case 'gaps':
      // Samples go missing while the sine goes on, so the value jumps across a gap. Gaps are not
      // events: a detector should not flag data because some was missing.
      return withGaps(
        noise.map((x, i) => x + sine(i)),
        rand,
      );
  }
  return { name, values, times, events };
}

function withGaps(values: number[], rand: () => number): LabelledSignal {
  const { count, minLength, maxLength } = SIGNAL_SPEC.gap;
  const missing = new Uint8Array(values.length);
  for (const at of onsets(rand, 1000, Math.floor(values.length / (count + 1)), maxLength)) {
    const length = minLength + Math.floor(rand() * (maxLength - minLength + 1));
    missing.fill(1, at, at + length);
  }
  const kept = values.map((_, i) => i).filter((i) => missing[i] === 0);
  return { name: 'gaps', values: kept.map((i) => values[i]), times: kept, events: [] };
}
