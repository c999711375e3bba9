import { DetectorKind, SensorCatalog, SensorConfigEntry } from './sensor-config';
import { ZScoreDetector } from './z-score-detector';
import { sameParams } from './z-score.params';

/** A detector that has seen at least one sample, with the series it belongs to. */
export interface LiveDetector {
  kind: DetectorKind;
  line: string;
  machine: string;
  sensor: string;
  detector: ZScoreDetector;
}

/** A config entry for exactly one series, as the detectors API writes them. */
export type ExactEntry = SensorConfigEntry & { line: string; machine: string };

/** The part of a prom-client Gauge the registry needs. */
export interface CountGauge {
  set(value: number): void;
}

/** Per listed sensor name: line → machine → detector, or null for a series no entry covers. */
type ByName = Map<string, Map<string, Map<string, ZScoreDetector | null>>>;

/**
 * Series that match a listed name but no entry (entries scoped to other lines or machines) are
 * remembered as null. Clients choose line and machine names, so that memory is bounded: past this
 * many the null entries are dropped and relearnt.
 */
const MAX_UNMATCHED = 100_000;

/**
 * One ZScoreDetector per (kind, line, machine, sensor), created on the first sample of a series
 * from the most specific matching config entry. Generic and vibration sensors live in separate
 * maps, so a name listed in both files gets two independent detectors.
 *
 * Keyed by nested Maps rather than one seriesKey string: building the key costs a concatenation
 * and a fresh hash per sample (≈250–400 ns measured on Node 20), while V8 internalises the short
 * strings JSON.parse makes, so their hashes are cached (three lookups ≈35–50 ns). A name listed
 * in no entry costs one lookup and no memory.
 */
export class DetectorRegistry {
  private readonly sensors: ByName;
  private readonly vibrations: ByName;
  private readonly live: LiveDetector[] = [];
  private readonly changeListeners: Array<() => Promise<void>> = [];
  private unmatched = 0;

  constructor(
    private readonly catalogs: Readonly<Record<DetectorKind, SensorCatalog>>,
    private readonly gauge?: CountGauge,
  ) {
    this.sensors = listedNames(catalogs.sensor);
    this.vibrations = listedNames(catalogs.vibration);
    this.gauge?.set(0);
  }

  /** The series' detector, or null when its config file does not list it. */
  detectorFor(
    kind: DetectorKind,
    line: string,
    machine: string,
    sensor: string,
  ): ZScoreDetector | null {
    const byLine = (kind === 'sensor' ? this.sensors : this.vibrations).get(sensor);
    if (byLine === undefined) return null;
    let byMachine = byLine.get(line);
    if (byMachine === undefined) {
      byMachine = new Map();
      byLine.set(line, byMachine);
    }
    const known = byMachine.get(machine);
    return known !== undefined
      ? known
      : this.create(kind, byLine, byMachine, line, machine, sensor);
  }

  /** The series' detector if it has seen a sample; never creates one. */
  find(
    kind: DetectorKind,
    line: string,
    machine: string,
    sensor: string,
  ): ZScoreDetector | undefined {
    const byName = kind === 'sensor' ? this.sensors : this.vibrations;
    return byName.get(sensor)?.get(line)?.get(machine) ?? undefined;
  }

  /**
   * Makes `entry`, which names one series exactly (line and machine set), that series' config:
   * the catalog takes it and the live detector, if any, switches to its parameters. No other
   * series is affected: no entry is more specific than line + machine + name.
   */
  applyEntry(kind: DetectorKind, entry: ExactEntry): void {
    this.catalogs[kind].upsert(entry);
    const byName = kind === 'sensor' ? this.sensors : this.vibrations;
    if (!byName.has(entry.name)) byName.set(entry.name, new Map());
    const byMachine = byName.get(entry.name)!.get(entry.line);
    const known = byMachine?.get(entry.machine);
    if (known) known.setParams(entry.params);
    // A series remembered as unmatched is matched again on its next sample.
    else if (known === null) byMachine!.delete(entry.machine);
  }

  /**
   * Takes a detector restored from a state snapshot as its series' detector, if the config still
   * analyses the series and no detector has started for it; with the config's parameters when they
   * were changed while the service was down. False when it was left out.
   */
  adopt(
    kind: DetectorKind,
    line: string,
    machine: string,
    sensor: string,
    detector: ZScoreDetector,
  ): boolean {
    const entry = this.catalogs[kind].match(line, machine, sensor);
    const byLine = (kind === 'sensor' ? this.sensors : this.vibrations).get(sensor);
    if (entry === undefined || byLine === undefined) return false;
    let byMachine = byLine.get(line);
    if (byMachine === undefined) byLine.set(line, (byMachine = new Map()));
    if (byMachine.get(machine)) return false;
    if (!sameParams(detector.params, entry.params)) detector.setParams(entry.params);
    byMachine.set(machine, detector);
    this.live.push({ kind, line, machine, sensor, detector });
    this.gauge?.set(this.live.length);
    return true;
  }

  /** `listener` runs on every change made outside scoring (parameters, resets). */
  onChange(listener: () => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  /** Called after a change outside scoring; resolves once every listener has seen it. */
  async changed(): Promise<void> {
    await Promise.all(this.changeListeners.map((listener) => listener()));
  }

  catalog(kind: DetectorKind): SensorCatalog {
    return this.catalogs[kind];
  }

  liveDetectors(): readonly LiveDetector[] {
    return this.live;
  }

  private create(
    kind: DetectorKind,
    byLine: Map<string, Map<string, ZScoreDetector | null>>,
    byMachine: Map<string, ZScoreDetector | null>,
    line: string,
    machine: string,
    sensor: string,
  ): ZScoreDetector | null {
    const entry = this.catalogs[kind].match(line, machine, sensor);
    if (entry === undefined) {
      if (++this.unmatched > MAX_UNMATCHED) {
        this.forgetUnmatched();
        byLine.set(line, byMachine); // the sweep may have detached this (then empty) map
      }
      byMachine.set(machine, null);
      return null;
    }
    const detector = new ZScoreDetector(entry.params);
    byMachine.set(machine, detector);
    this.live.push({ kind, line, machine, sensor, detector });
    this.gauge?.set(this.live.length);
    return detector;
  }

  private forgetUnmatched(): void {
    for (const byName of [this.sensors, this.vibrations]) {
      for (const byLine of byName.values()) {
        for (const [line, byMachine] of byLine) {
          for (const [machine, detector] of byMachine) {
            if (detector === null) byMachine.delete(machine);
          }
          if (byMachine.size === 0) byLine.delete(line);
        }
      }
    }
    this.unmatched = 1;
  }
}

function listedNames(catalog: SensorCatalog): ByName {
  return new Map(catalog.entries.map((e) => [e.name, new Map()]));
}
