import type { AnomalyEvent, DetectionResult, ScoredSample } from '../common/domain/sample';
import { Measurement } from './point.mapper';

interface ParsedLine {
  measurement: string;
  tags: Map<string, string>;
  fields: Map<string, number>;
  time: number;
}

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

function parseLine(line: string): ParsedLine | undefined {
  const keyEnd = unescapedIndex(line, ' ', 0);
  const timeStart = line.lastIndexOf(' ');
  if (keyEnd < 0 || timeStart <= keyEnd) return undefined;
  const time = Number(line.slice(timeStart + 1));
  if (!Number.isSafeInteger(time)) return undefined;
  const key = splitUnescaped(line.slice(0, keyEnd), ',');
  const tags = new Map<string, string>();
  for (const pair of key.slice(1)) {
    const eq = pair.indexOf('=');
    tags.set(pair.slice(0, eq), unescapeTag(pair.slice(eq + 1)));
  }
  const fields = new Map<string, number>();
  for (const pair of line.slice(keyEnd + 1, timeStart).split(',')) {
    const eq = pair.indexOf('=');
    const raw = pair.slice(eq + 1);
    fields.set(pair.slice(0, eq), Number(raw.endsWith('i') ? raw.slice(0, -1) : raw));
  }
  return { measurement: key[0], tags, fields, time };
}

function toSample({ measurement, tags, fields, time }: ParsedLine): ScoredSample | undefined {
  const base = { line: tags.get('line_name') ?? '', machine: tags.get('machine_name') ?? '', time };
  switch (measurement) {
    case Measurement.state:
      return {
        kind: 'state',
        ...base,
        name: tags.get('state_name') ?? '',
        value: num(fields, 'value'),
      };
    case Measurement.sensor:
      return { kind: 'sensor', ...base, name: sensorName(tags), value: num(fields, 'value') };
    case Measurement.analysedSensor: {
      const value = num(fields, 'value');
      return {
        kind: 'sensor',
        ...base,
        name: sensorName(tags),
        value,
        analytics: analyticsOf(fields),
      };
    }
    case Measurement.vibration: {
      const analytics = fields.has('anomaly') ? analyticsOf(fields) : undefined;
      return {
        kind: 'vibration',
        ...base,
        name: sensorName(tags),
        x: num(fields, 'vib_accel_rms_x'),
        y: num(fields, 'vib_accel_rms_y'),
        z: num(fields, 'vib_accel_rms_z'),
        total: num(fields, 'vib_accel_rms_total'),
        ...(analytics ? { analytics } : {}),
      };
    }
    default:
      return undefined;
  }
}

/** Fields InfluxDB could not store (NaN, Infinity) were left out by the mapper: NaN again. */
function analyticsOf(fields: Map<string, number>): DetectionResult {
  return {
    anomaly: fields.get('anomaly') === 1,
    anomalyRatio: num(fields, 'anomaly_ratio'),
    modelAvg: num(fields, 'model_avg'),
    modelStd: num(fields, 'model_std'),
    zScore: num(fields, 'z_score'),
    threshold: num(fields, 'z_score_thresh'),
  };
}

function endsRunOf({ tags }: ParsedLine, s: ScoredSample): boolean {
  return (
    tags.get('kind') === s.kind &&
    (tags.get('line_name') ?? '') === s.line &&
    (tags.get('machine_name') ?? '') === s.machine &&
    sensorName(tags) === s.name
  );
}

function eventOf({ fields, time }: ParsedLine): AnomalyEvent {
  const peakZ = fields.get('peak_z') ?? Number.NaN;
  return { start: time, end: num(fields, 'end'), samples: num(fields, 'samples'), peakZ };
}

function sensorName(tags: Map<string, string>): string {
  return tags.get('sensor_name') ?? '';
}

function num(fields: Map<string, number>, name: string): number {
  return fields.get(name) ?? Number.NaN;
}

const SPECIAL = ', =';

/**
 * PointMapper puts a backslash before every comma, space and equals sign of a tag value and
 * nowhere else, and names never end in a backslash: so a backslash followed by one of those is
 * always such an escape, and any other backslash is the name's own.
 */
function unescapedIndex(text: string, char: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && SPECIAL.includes(text[i + 1] ?? '')) i++;
    else if (c === char) return i;
  }
  return -1;
}

function splitUnescaped(text: string, char: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = unescapedIndex(text, char, 0); i >= 0; i = unescapedIndex(text, char, start)) {
    out.push(text.slice(start, i));
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

function unescapeTag(value: string): string {
  return value.includes('\\') ? value.replace(/\\([, =])/g, '$1') : value;
}
