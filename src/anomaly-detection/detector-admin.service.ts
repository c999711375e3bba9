import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app.config';
import { DetectorRegistry, ExactEntry } from './detector-registry';
import { ConfiguredDetectorView, configuredView } from './detector-views';
import type { DetectorKind, SensorConfigEntry } from './sensor-config';
import { upsertSensorEntry } from './sensor-config.store';
import type { ZScoreSnapshot } from './z-score';
import { PARAM_KEYS, ZScoreParams, sameParams, validateZScoreParams } from './z-score.params';

/** One series' detector, as the detectors API addresses it. */
export interface DetectorKey {
  kind: DetectorKind;
  line: string;
  machine: string;
  sensor: string;
}

export interface DetectorDetail {
  line: string;
  machine: string;
  sensor: string;
  kind: DetectorKind;
  params: ZScoreParams;
  /** Null until the series' first sample: the detector is created then. */
  state: ZScoreSnapshot | null;
  /** The config entry in effect: the most specific one matching the series. */
  entry: ConfiguredDetectorView;
}

/**
 * Reads, changes and resets one detector at run time (issue 7, item 5). A change is written to
 * the kind's config file as an entry for exactly that series before it is applied, so what runs
 * is what the next start reads.
 */
@Injectable()
export class DetectorAdminService {
  private readonly logger = new Logger(DetectorAdminService.name);
  private readonly defaults: ZScoreParams;
  /** Changes run one at a time: each reads, merges and writes without another in between. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly registry: DetectorRegistry,
    config: ConfigService<AppConfig, true>,
  ) {
    this.defaults = config.get('analytics', { infer: true }).defaults;
  }

  get(key: DetectorKey): DetectorDetail {
    const entry = this.entryFor(key);
    const detector = this.registry.find(key.kind, key.line, key.machine, key.sensor);
    return {
      line: key.line,
      machine: key.machine,
      sensor: key.sensor,
      kind: key.kind,
      params: { ...(detector?.params ?? entry.params) },
      state: detector?.snapshot() ?? null,
      entry: configuredView(key.kind, entry),
    };
  }

  /** Merges `change` into the detector's parameters, persists them, then applies them. */
  updateParams(key: DetectorKey, change: Partial<ZScoreParams>): Promise<DetectorDetail> {
    const given = PARAM_KEYS.filter((k) => change[k] !== undefined);
    if (given.length === 0) {
      throw new InvalidInputError(`Give at least one of ${PARAM_KEYS.join(', ')}`);
    }
    this.entryFor(key);
    const run = this.queue.then(() => this.apply(key, change, given));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Forgets the model (it warms up again); a series without a sample yet has none to forget.
   * Answers once the state snapshot holds the reset, so a restart does not bring the model back.
   */
  async reset(key: DetectorKey): Promise<DetectorDetail> {
    this.entryFor(key);
    const detector = this.registry.find(key.kind, key.line, key.machine, key.sensor);
    if (detector) {
      detector.reset();
      this.logger.log(`Reset the ${describe(key)} detector`);
      await this.registry.changed();
    }
    return this.get(key);
  }

  private async apply(
    key: DetectorKey,
    change: Partial<ZScoreParams>,
    given: ReadonlyArray<keyof ZScoreParams>,
  ): Promise<DetectorDetail> {
    const current = this.get(key);
    const params = { ...current.params };
    for (const k of given) params[k] = change[k]!;
    const problems = validateZScoreParams(params);
    if (problems.length > 0) {
      // Each problem starts with the parameter's name (validateZScoreParams).
      const errors = problems.map((message) => ({ field: message.split(' ')[0], message }));
      throw new InvalidInputError('Invalid detector parameters', errors);
    }
    const exact = current.entry.line === key.line && current.entry.machine === key.machine;
    if (exact && sameParams(params, current.params)) return current;
    const entry: ExactEntry = { name: key.sensor, line: key.line, machine: key.machine, params };
    await upsertSensorEntry(this.registry.catalog(key.kind).source, entry, this.defaults);
    this.registry.applyEntry(key.kind, entry);
    this.logger.log(
      `Changed the ${describe(key)} detector's parameters to ${JSON.stringify(params)}`,
    );
    await this.registry.changed();
    return this.get(key);
  }

  private entryFor(key: DetectorKey): SensorConfigEntry {
    const entry = this.registry.catalog(key.kind).match(key.line, key.machine, key.sensor);
    if (entry === undefined) {
      throw new NotFoundError(
        `No ${key.kind === 'sensor' ? 'generic' : 'vibration'} sensor config entry covers ` +
          `${describe(key)}: it is not analysed`,
      );
    }
    return entry;
  }
}

function describe(key: DetectorKey): string {
  return JSON.stringify([key.line, key.machine, key.sensor]);
}
