import { PARAM_KEYS, ZScoreParams, validateZScoreParams } from './z-score.params';

/** Generic sensors and vibration sensors are listed in separate files and never share a detector. */
export type DetectorKind = 'sensor' | 'vibration';

/** One listed sensor with the parameters its detectors use (its own, else analytics.defaults). */
export interface SensorConfigEntry {
  name: string;
  line?: string;
  machine?: string;
  params: ZScoreParams;
}

/** A config file that cannot be used: the service must not start with it. */
export class SensorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = SensorConfigError.name;
  }
}

const ENTRY_KEYS: ReadonlySet<string> = new Set(['name', 'line', 'machine', ...PARAM_KEYS]);
// Same rule as the samples' names: an entry breaking it could never match anything.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Parses one analytics config file: the old `{"sensors": ["name", ...]}`, entries that are objects
 * `{name, line?, machine?, window?, threshold?, ratioWindow?, rebaselineAfter?, minStd?}` mixed with
 * names, or a bare JSON array of entries. Throws a SensorConfigError naming the file and every bad
 * entry by index. Keys starting with `$` (e.g. `$comment`) are ignored so files can carry notes.
 */
export function parseSensorConfig(
  text: string,
  source: string,
  defaults: ZScoreParams,
): SensorConfigEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SensorConfigError(`${source}: not valid JSON: ${(err as Error).message}`);
  }
  const bare = Array.isArray(doc);
  const list: unknown = bare ? doc : isRecord(doc) ? doc.sensors : undefined;
  if (!Array.isArray(list)) {
    throw new SensorConfigError(
      `${source}: expected {"sensors": [...]} or a JSON array of sensor entries`,
    );
  }
  const label = (i: number) => (bare ? `[${i}]` : `sensors[${i}]`);
  const problems: string[] = [];
  const entries: SensorConfigEntry[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw: unknown, i) => {
    const parsed = parseEntry(raw, defaults);
    if (typeof parsed === 'string') {
      problems.push(`${label(i)}: ${parsed}`);
      return;
    }
    const key = JSON.stringify([parsed.line ?? null, parsed.machine ?? null, parsed.name]);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`${label(i)}: lists the same sensor, line and machine as ${label(first)}`);
      return;
    }
    seen.set(key, i);
    entries.push(parsed);
  });
  if (problems.length > 0) {
    throw new SensorConfigError(`${source}: invalid sensor entries:\n  ${problems.join('\n  ')}`);
  }
  return entries;
}

/** Returns the entry, or why it is invalid. */
function parseEntry(raw: unknown, defaults: ZScoreParams): SensorConfigEntry | string {
  if (typeof raw === 'string') {
    return nameProblem('name', raw) ?? { name: raw, params: Object.freeze({ ...defaults }) };
  }
  if (!isRecord(raw)) return 'must be a sensor name or an object with a "name"';
  const problems: string[] = [];
  const unknown = Object.keys(raw).filter((k) => !ENTRY_KEYS.has(k) && !k.startsWith('$'));
  if (unknown.length > 0) {
    problems.push(`unknown key(s) ${unknown.join(', ')} (allowed: ${[...ENTRY_KEYS].join(', ')})`);
  }
  for (const key of ['name', 'line', 'machine'] as const) {
    if (key !== 'name' && raw[key] === undefined) continue;
    const problem = nameProblem(key, raw[key]);
    if (problem) problems.push(problem);
  }
  const own: Partial<ZScoreParams> = {};
  for (const key of PARAM_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'number') problems.push(`${key} must be a number`);
    else own[key] = value;
  }
  problems.push(...validateZScoreParams(own));
  if (problems.length > 0) return problems.join('; ');
  const entry: SensorConfigEntry = {
    name: raw.name as string,
    // Frozen: every detector of this entry shares it (ZScoreModel keeps frozen params as given).
    params: Object.freeze({ ...defaults, ...own }),
  };
  if (raw.line !== undefined) entry.line = raw.line as string;
  if (raw.machine !== undefined) entry.machine = raw.machine as string;
  return entry;
}

function nameProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${key} must be a string`;
  if (value.length < 1 || value.length > 128) return `${key} must have 1 to 128 characters`;
  if (CONTROL_CHARS.test(value)) return `${key} must not contain control characters`;
  if (value.endsWith('\\')) return `${key} must not end with a backslash`;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** line+machine (3) > machine only (2) > line only (1) > name only (0). */
export function specificity(entry: Pick<SensorConfigEntry, 'line' | 'machine'>): number {
  return (entry.machine !== undefined ? 2 : 0) + (entry.line !== undefined ? 1 : 0);
}

const sameKey = (a: SensorConfigEntry, b: SensorConfigEntry) =>
  a.name === b.name && a.line === b.line && a.machine === b.machine;

/** The entries of one config file, answering "which entry, if any, covers this series?". */
export class SensorCatalog {
  private readonly byName = new Map<string, SensorConfigEntry[]>();
  private readonly list: SensorConfigEntry[];

  constructor(
    readonly kind: DetectorKind,
    readonly source: string,
    entries: readonly SensorConfigEntry[],
  ) {
    this.list = [...entries];
    for (const entry of entries) {
      const list = this.byName.get(entry.name) ?? [];
      list.push(entry);
      this.byName.set(entry.name, list);
    }
    for (const list of this.byName.values()) list.sort((a, b) => specificity(b) - specificity(a));
  }

  /** In file order. */
  get entries(): readonly SensorConfigEntry[] {
    return this.list;
  }

  /**
   * Puts `entry` in place of the entry with the same (line, machine, name), or adds it at the
   * end, as the config store does in the file. The sort is stable: file order breaks ties.
   */
  upsert(entry: SensorConfigEntry): void {
    const at = this.list.findIndex((e) => sameKey(e, entry));
    if (at >= 0) this.list[at] = entry;
    else this.list.push(entry);
    const candidates = this.byName.get(entry.name) ?? [];
    const i = candidates.findIndex((e) => sameKey(e, entry));
    if (i >= 0) candidates[i] = entry;
    else candidates.push(entry);
    candidates.sort((a, b) => specificity(b) - specificity(a));
    this.byName.set(entry.name, candidates);
  }

  /** The most specific entry matching (line, machine, sensor); names match exactly. */
  match(line: string, machine: string, sensor: string): SensorConfigEntry | undefined {
    const candidates = this.byName.get(sensor);
    if (candidates === undefined) return undefined;
    return candidates.find(
      (e) =>
        (e.line === undefined || e.line === line) &&
        (e.machine === undefined || e.machine === machine),
    );
  }
}
