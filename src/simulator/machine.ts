import { rng } from '../common/random/random';
import { AnomalyInjector } from './anomaly-injector';
import {
  MACHINE_STATES,
  MachineStateModel,
  PressureModel,
  TemperatureModel,
  VibrationModel,
  vibrationTotal,
} from './signals';

/** Sensor names the service's default analytics files list (Temp, Pressure; SpindleVib). */
export const SENSOR_NAMES = { temperature: 'Temp', pressure: 'Pressure', vibration: 'SpindleVib' };
export const STATE_NAME = 'MachineState';

interface SampleBase {
  line: string;
  machine: string;
  name: string;
  /** Epoch ms, strictly increasing per series. */
  time: number;
}
export type SimSample =
  | (SampleBase & { kind: 'sensor'; value: number; injected: boolean })
  | (SampleBase & { kind: 'vibration'; x: number; y: number; z: number; injected: boolean })
  | (SampleBase & { kind: 'state'; value: number });

export interface MachineOptions {
  line: string;
  machine: string;
  seed: number;
  rateHz: number;
  anomalyRate: number;
  /** Sensor names the service analyses, with the samples its model needs before it scores. */
  analysed: ReadonlySet<string>;
  warmup: number;
}

/**
 * One machine as its PLC sees it: every cycle a temperature and a pressure, spindle vibration
 * while running, and the machine state when it changes (and once at the start).
 */
export class SimulatedMachine {
  private readonly state: MachineStateModel;
  private readonly temperature: TemperatureModel;
  private readonly pressure: PressureModel;
  private readonly vibration: VibrationModel;
  private readonly injectors = new Map<string, AnomalyInjector>();
  private announced = false;

  constructor(private readonly o: MachineOptions) {
    const random = rng(o.seed);
    // Anomalies draw from a stream of their own: the same seed gives the same plant with or
    // without them, so an injected sample differs from the true one by the injected offset only.
    const anomalies = rng(o.seed ^ 0x5bd1e995);
    const dtS = 1 / o.rateHz;
    this.state = new MachineStateModel(random, dtS);
    this.temperature = new TemperatureModel(random, dtS);
    this.pressure = new PressureModel(random, dtS);
    this.vibration = new VibrationModel(random);
    for (const name of Object.values(SENSOR_NAMES)) {
      const rate = o.analysed.has(name) ? o.anomalyRate : 0;
      this.injectors.set(name, new AnomalyInjector(anomalies, rate, o.warmup));
    }
  }

  cycle(time: number): SimSample[] {
    const { line, machine } = this.o;
    const out: SimSample[] = [];
    const changed = this.state.step();
    if (changed || !this.announced) {
      this.announced = true;
      const value = MACHINE_STATES[this.state.state];
      out.push({ kind: 'state', line, machine, name: STATE_NAME, value, time });
    }
    out.push(
      this.sensor(SENSOR_NAMES.temperature, this.temperature.next(), this.temperature.noise, time),
    );
    out.push(this.sensor(SENSOR_NAMES.pressure, this.pressure.next(), this.pressure.noise, time));
    if (this.state.state === 'running') {
      const v = this.vibration.next();
      // Vibration faults raise the level (a bearing, an imbalance), they do not lower it.
      const offset = Math.abs(this.inject(SENSOR_NAMES.vibration, this.vibration.noise));
      const scale = (vibrationTotal(v) + offset) / vibrationTotal(v);
      out.push({
        kind: 'vibration',
        line,
        machine,
        name: SENSOR_NAMES.vibration,
        x: v.x * scale,
        y: v.y * scale,
        z: v.z * scale,
        time,
        injected: offset !== 0,
      });
    }
    return out;
  }

  private sensor(name: string, value: number, noise: number, time: number): SimSample {
    const offset = this.inject(name, noise);
    const { line, machine } = this.o;
    return {
      kind: 'sensor',
      line,
      machine,
      name,
      value: value + offset,
      time,
      injected: offset !== 0,
    };
  }

  private inject(name: string, noise: number): number {
    return this.injectors.get(name)!.offset(noise);
  }
}
