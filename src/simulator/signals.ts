import { gaussian } from '../common/random/random';

/**
 * Signal models of one simulated machine, advanced one PLC cycle at a time. They are plain state
 * machines over a seeded PRNG, so a run can be replayed and unit-tested without a clock.
 */
export type Random = () => number;

/** Machine states as integers, the way PLC programs usually encode them. */
export const MACHINE_STATES = { running: 1, idle: 2, setup: 3, fault: 4 } as const;
export type MachineState = keyof typeof MACHINE_STATES;

/** Mean time (s) a machine stays in a state, and where it goes next (weights). */
const STATE_PLAN: Record<
  MachineState,
  { meanS: number; next: Partial<Record<MachineState, number>> }
> = {
  running: { meanS: 600, next: { idle: 0.6, setup: 0.3, fault: 0.1 } },
  idle: { meanS: 60, next: { running: 0.8, setup: 0.2 } },
  setup: { meanS: 120, next: { running: 1 } },
  fault: { meanS: 90, next: { idle: 0.5, running: 0.5 } },
};

/** Random dwell times with the plan's means; changes are rare next to the sampling rate. */
export class MachineStateModel {
  state: MachineState = 'running';
  private left: number;

  constructor(
    private readonly random: Random,
    private readonly dtS: number,
  ) {
    this.left = this.dwell();
  }

  /** Advances one cycle; returns the new state when it changed. */
  step(): MachineState | undefined {
    this.left -= this.dtS;
    if (this.left > 0) return undefined;
    const next = Object.entries(STATE_PLAN[this.state].next) as Array<[MachineState, number]>;
    let pick = this.random();
    this.state = next[next.length - 1][0];
    for (const [state, weight] of next) {
      if ((pick -= weight) < 0) {
        this.state = state;
        break;
      }
    }
    this.left = this.dwell();
    return this.state;
  }

  private dwell(): number {
    return -Math.log(1 - this.random()) * STATE_PLAN[this.state].meanS;
  }
}

export interface TemperatureParams {
  setpoint: number;
  noise: number;
  /** Mean seconds between setpoint changes (a new product, a new recipe). */
  stepEveryS: number;
  /** How far a setpoint change goes, ± this at most. */
  stepSize: number;
  /** Time constant (s) of the first-order approach to the setpoint. */
  tauS: number;
  /** Slow ambient drift: amplitude and period (s). */
  driftAmplitude: number;
  driftPeriodS: number;
}

export const DEFAULT_TEMPERATURE: TemperatureParams = {
  setpoint: 60,
  noise: 0.1,
  stepEveryS: 300,
  stepSize: 8,
  tauS: 120,
  driftAmplitude: 0.4,
  driftPeriodS: 900,
};

/**
 * A heated zone: it follows its setpoint with a lag (thermal mass), drifts slowly with the hall's
 * temperature and carries sensor noise. Setpoint steps make ramps, not jumps.
 */
export class TemperatureModel {
  setpoint: number;
  private level: number;
  private t = 0;
  private readonly phase: number;

  constructor(
    private readonly random: Random,
    private readonly dtS: number,
    private readonly p: TemperatureParams = DEFAULT_TEMPERATURE,
  ) {
    this.setpoint = p.setpoint;
    this.level = p.setpoint;
    this.phase = random() * 2 * Math.PI;
  }

  get noise(): number {
    return this.p.noise;
  }

  next(): number {
    this.t += this.dtS;
    if (this.random() < this.dtS / this.p.stepEveryS) {
      this.setpoint = this.p.setpoint + (this.random() * 2 - 1) * this.p.stepSize;
    }
    this.level += (this.setpoint - this.level) * (1 - Math.exp(-this.dtS / this.p.tauS));
    const drift =
      this.p.driftAmplitude * Math.sin((2 * Math.PI * this.t) / this.p.driftPeriodS + this.phase);
    return this.level + drift + this.p.noise * gaussian(this.random);
  }
}

/** Hydraulic pressure (bar): a regulated level with a small pump ripple and noise. */
export class PressureModel {
  private t = 0;
  readonly noise = 0.05;

  constructor(
    private readonly random: Random,
    private readonly dtS: number,
    private readonly level = 6,
  ) {}

  next(): number {
    this.t += this.dtS;
    return (
      this.level + 0.02 * Math.sin(2 * Math.PI * 0.5 * this.t) + this.noise * gaussian(this.random)
    );
  }
}

export interface VibrationRms {
  x: number;
  y: number;
  z: number;
}

/**
 * Spindle vibration RMS per axis while the spindle runs. Relative noise: RMS values scatter in
 * proportion to their level. `total` (what the service scores) is √(x² + y² + z²).
 */
export class VibrationModel {
  readonly base: VibrationRms = { x: 0.3, y: 0.4, z: 1.2 };
  readonly relativeNoise = 0.03;

  constructor(private readonly random: Random) {}

  next(): VibrationRms {
    const axis = (v: number) => v * (1 + this.relativeNoise * gaussian(this.random));
    return { x: axis(this.base.x), y: axis(this.base.y), z: axis(this.base.z) };
  }

  /** Noise (σ) of the total, for sizing injected anomalies: √Σ(vᵢ² σᵣ)² / total to first order. */
  get noise(): number {
    const { x, y, z } = this.base;
    return (this.relativeNoise * Math.hypot(x * x, y * y, z * z)) / Math.hypot(x, y, z);
  }
}

export const vibrationTotal = (v: VibrationRms) => Math.hypot(v.x, v.y, v.z);
