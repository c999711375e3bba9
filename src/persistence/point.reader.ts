import type { AnomalyEvent, DetectionResult, ScoredSample } from '../common/domain/sample';
import { Measurement } from './point.mapper';

/** What the mapper's lines carry; fields it did not write (or could not: NaN) stay NaN. */
interface ParsedLine {
  measurement: string;
  line: string;
  machine: string;
  /** sensor_name or state_name. */
  name: string;
  /** AnomalyEvent's `kind` tag. */
  kind: string;
  fields: Fields;
  time: number;
}

class Fields {
  value = Number.NaN;
  anomaly = Number.NaN;
  anomaly_ratio = Number.NaN;
  model_avg = Number.NaN;
  model_std = Number.NaN;
  z_score = Number.NaN;
  z_score_thresh = Number.NaN;
  vib_accel_rms_total = Number.NaN;
  vib_accel_rms_x = Number.NaN;
  vib_accel_rms_y = Number.NaN;
  vib_accel_rms_z = Number.NaN;
  end = Number.NaN;
  samples = Number.NaN;
  peak_z = Number.NaN;
}

type FieldName = keyof Fields;
const FIELD_NAMES = new Set<string>(Object.keys(new Fields()));

/**
 * The inverse of PointMapper: reads the lines it wrote back into the scored samples that produced
 * them, for replaying the durable log into detectors and line status after a restart. Analytics
 * come from the fields when the sample was analysed; an AnomalyEvent line becomes the `endedRun` of
 * the sample written just before it, as the mapper emits them. Foreign lines are skipped. Floats
 * round-trip exactly: String(number) is the shortest text that parses back to the same double.
 */
export function scoredSamplesFromLines(lines: readonly string[]): ScoredSample[] {
  const out: ScoredSample[] = [];
  for (const text of lines) {
    const parsed = parseLine(text);
    if (parsed === undefined) continue;
    if (parsed.measurement === Measurement.anomalyEvent) {
      const last = out.at(-1);
      if (last && last.kind !== 'state' && last.analytics && endsRunOf(parsed, last)) {
        last.analytics.endedRun = eventOf(parsed);
      }
      continue;
    }
    const sample = toSample(parsed);
    if (sample !== undefined) out.push(sample);
  }
  return out;
}

/**
 * Scans with indexOf rather than per character (a line is 150–250 characters, a replay millions of
 * lines). PointMapper puts a backslash before every comma, space and equals sign of a tag value and
 * nowhere else, and names never end in a backslash: so a separator preceded by a backslash is
 * escaped, and any other backslash is the name's own. Fields are numbers only, without spaces.
 */
function parseLine(text: string): ParsedLine | undefined {
  const keyEnd = unescaped(text, ' ', 0);
  const timeStart = text.lastIndexOf(' ');
  if (keyEnd < 0 || timeStart <= keyEnd) return undefined;
  const time = Number(text.slice(timeStart + 1));
  if (!Number.isSafeInteger(time)) return undefined;
  let comma = unescaped(text, ',', 0);
  if (comma < 0 || comma > keyEnd) comma = keyEnd;
  const parsed: ParsedLine = {
    measurement: text.slice(0, comma),
    line: '',
    machine: '',
    name: '',
    kind: '',
    fields: new Fields(),
    time,
  };
  while (comma < keyEnd) {
    const eq = text.indexOf('=', comma + 1);
    let next = unescaped(text, ',', eq + 1);
    if (next < 0 || next > keyEnd) next = keyEnd;
    const value = unescapeTag(text.slice(eq + 1, next));
    switch (text.slice(comma + 1, eq)) {
      case 'line_name':
        parsed.line = value;
        break;
      case 'machine_name':
        parsed.machine = value;
        break;
      case 'sensor_name':
      case 'state_name':
        parsed.name = value;
        break;
      case 'kind':
        parsed.kind = value;
    }
    comma = next;
  }
  for (let at = keyEnd + 1; at < timeStart;) {
    const eq = text.indexOf('=', at);
    let end = text.indexOf(',', eq);
    if (end < 0 || end > timeStart) end = timeStart;
    const key = text.slice(at, eq);
    if (FIELD_NAMES.has(key)) {
      const raw = text.charCodeAt(end - 1) === 105 /* i */ ? end - 1 : end;
      parsed.fields[key as FieldName] = Number(text.slice(eq + 1, raw));
    }
    at = end + 1;
  }
  return parsed;
}

/** The next `char` at or after `from` that no backslash escapes; -1 when there is none. */
function unescaped(text: string, char: string, from: number): number {
  let i = text.indexOf(char, from);
  while (i > 0 && text.charCodeAt(i - 1) === 92 /* \\ */) i = text.indexOf(char, i + 1);
  return i;
}

function toSample(p: ParsedLine): ScoredSample | undefined {
  const { fields: f } = p;
  const base = { line: p.line, machine: p.machine, name: p.name, time: p.time };
  switch (p.measurement) {
    case Measurement.state:
      return { kind: 'state', ...base, value: f.value };
    case Measurement.sensor:
      return { kind: 'sensor', ...base, value: f.value };
    case Measurement.analysedSensor:
      return { kind: 'sensor', ...base, value: f.value, analytics: analyticsOf(f) };
    case Measurement.vibration: {
      const vibration = {
        kind: 'vibration' as const,
        ...base,
        x: f.vib_accel_rms_x,
        y: f.vib_accel_rms_y,
        z: f.vib_accel_rms_z,
        total: f.vib_accel_rms_total,
      };
      return Number.isNaN(f.anomaly) ? vibration : { ...vibration, analytics: analyticsOf(f) };
    }
    default:
      return undefined;
  }
}

function analyticsOf(f: Fields): DetectionResult {
  return {
    anomaly: f.anomaly === 1,
    anomalyRatio: f.anomaly_ratio,
    modelAvg: f.model_avg,
    modelStd: f.model_std,
    zScore: f.z_score,
    threshold: f.z_score_thresh,
  };
}

function endsRunOf(p: ParsedLine, s: ScoredSample): boolean {
  return p.kind === s.kind && p.line === s.line && p.machine === s.machine && p.name === s.name;
}

function eventOf({ fields: f, time }: ParsedLine): AnomalyEvent {
  return { start: time, end: f.end, samples: f.samples, peakZ: f.peak_z };
}

function unescapeTag(value: string): string {
  return value.includes('\\') ? value.replace(/\\([, =])/g, '$1') : value;
}
