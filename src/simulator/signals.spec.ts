import { rng } from '../common/random/random';
import { AnomalyInjector, ANOMALY_SIGMAS } from './anomaly-injector';
import { SimulatedMachine, SimSample } from './machine';
import {
  MachineStateModel,
  PressureModel,
  TemperatureModel,
  VibrationModel,
  vibrationTotal,
} from './signals';

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('signal models', () => {
  it('should hold a temperature near its setpoint with the configured noise', () => {
    const t = new TemperatureModel(rng(1), 0.05, {
      setpoint: 60,
      noise: 0.1,
      stepEveryS: Infinity,
      stepSize: 0,
      tauS: 60,
      driftAmplitude: 0,
      driftPeriodS: 900,
    });
    const xs = Array.from({ length: 5000 }, () => t.next());
    expect(mean(xs)).toBeCloseTo(60, 1);
    expect(std(xs)).toBeGreaterThan(0.09);
    expect(std(xs)).toBeLessThan(0.11);
  });

  it('should ramp towards a new setpoint instead of jumping', () => {
    const t = new TemperatureModel(rng(2), 1, {
      setpoint: 60,
      noise: 0,
      stepEveryS: 1,
      stepSize: 8,
      tauS: 100,
      driftAmplitude: 0,
      driftPeriodS: 900,
    });
    const first = t.next(); // a step is certain every second with stepEveryS = 1
    const target = t.setpoint;
    expect(Math.abs(first - 60)).toBeLessThan(Math.abs(target - 60) * 0.02 + 1e-9);
    expect(Math.abs(target - 60)).toBeLessThanOrEqual(8);
  });

  it('should drift slowly: the drift within one model window is far below the noise', () => {
    const t = new TemperatureModel(rng(3), 0.05, {
      setpoint: 60,
      noise: 0,
      stepEveryS: Infinity,
      stepSize: 0,
      tauS: 60,
      driftAmplitude: 0.4,
      driftPeriodS: 900,
    });
    const xs = Array.from({ length: 25 }, () => t.next());
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(0.01);
    const long = Array.from({ length: 9000 }, () => t.next());
    expect(Math.max(...long) - Math.min(...long)).toBeGreaterThan(0.5);
  });

  it('should keep pressure around its level and vibration total around its base', () => {
    const p = new PressureModel(rng(4), 0.05);
    expect(mean(Array.from({ length: 2000 }, () => p.next()))).toBeCloseTo(6, 1);
    const v = new VibrationModel(rng(5));
    const totals = Array.from({ length: 2000 }, () => vibrationTotal(v.next()));
    expect(mean(totals)).toBeCloseTo(Math.hypot(0.3, 0.4, 1.2), 1);
    expect(std(totals)).toBeCloseTo(v.noise, 2);
  });

  it('should change machine state now and then, never every cycle', () => {
    const m = new MachineStateModel(rng(6), 1);
    const changes = Array.from({ length: 20_000 }, () => m.step()).filter(Boolean);
    expect(changes.length).toBeGreaterThan(20);
    expect(changes.length).toBeLessThan(2000);
    expect(new Set(changes)).toEqual(new Set(['running', 'idle', 'setup', 'fault']));
  });
});

describe(AnomalyInjector.name, () => {
  it('should inject nothing during warm-up and then about the given share, 6–10 σ away', () => {
    const inj = new AnomalyInjector(rng(7), 0.1, 25);
    const offsets = Array.from({ length: 20_025 }, () => inj.offset(0.5));
    expect(offsets.slice(0, 25).every((o) => o === 0)).toBe(true);
    const hits = offsets.filter((o) => o !== 0);
    expect(hits.length / 20_000).toBeGreaterThan(0.09);
    expect(hits.length / 20_000).toBeLessThan(0.11);
    for (const o of hits) {
      expect(Math.abs(o)).toBeGreaterThanOrEqual(ANOMALY_SIGMAS.min * 0.5);
      expect(Math.abs(o)).toBeLessThanOrEqual(ANOMALY_SIGMAS.max * 0.5);
    }
    expect(hits.some((o) => o < 0) && hits.some((o) => o > 0)).toBe(true);
  });
});

describe(SimulatedMachine.name, () => {
  const machine = (seed: number, analysed = ['Temp', 'Pressure', 'SpindleVib']) =>
    new SimulatedMachine({
      line: 'L',
      machine: 'M',
      seed,
      rateHz: 10,
      anomalyRate: 0.05,
      analysed: new Set(analysed),
      warmup: 25,
    });
  const run = (m: SimulatedMachine, cycles: number): SimSample[] =>
    Array.from({ length: cycles }, (_, i) => m.cycle(1_764_000_000_000 + i * 100)).flat();

  it('should announce its state once, then sample Temp, Pressure and, while running, SpindleVib', () => {
    const first = machine(1).cycle(1_764_000_000_000);
    expect(first.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'state:MachineState',
      'sensor:Temp',
      'sensor:Pressure',
      'vibration:SpindleVib',
    ]);
  });

  it('should replay the same values and labels from the same seed', () => {
    expect(run(machine(9), 500)).toEqual(run(machine(9), 500));
    expect(run(machine(9), 500)).not.toEqual(run(machine(10), 500));
  });

  it('should label injected samples, 6–10 σ off the true value, only in analysed sensors', () => {
    const withAnomalies = run(machine(3, ['Temp']), 2000);
    const truth = run(machine(3, []), 2000);
    expect(withAnomalies).toHaveLength(truth.length);
    const injected = withAnomalies.flatMap((s, i) =>
      s.kind !== 'state' && s.injected ? [{ s, true: truth[i] }] : [],
    );
    expect(injected.length).toBeGreaterThan(20);
    expect(new Set(injected.map(({ s }) => s.name))).toEqual(new Set(['Temp']));
    for (const { s, true: t } of injected) {
      const offset = Math.abs((s as { value: number }).value - (t as { value: number }).value);
      expect(offset).toBeGreaterThanOrEqual(ANOMALY_SIGMAS.min * 0.1 - 1e-9); // Temp σ = 0.1
      expect(offset).toBeLessThanOrEqual(ANOMALY_SIGMAS.max * 0.1 + 1e-9);
    }
  });
});
