import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLines } from '../../src/persistence/testing/line-protocol-parser';

export interface ParsedPoint {
  measurement: string;
  tags: Record<string, string>;
  /** Field values keep their line-protocol type: `{int: 1}` for `1i`, numbers for floats. */
  fields: Record<string, number | { int: number } | string | boolean>;
  time: number;
}

function typedField(raw: string): ParsedPoint['fields'][string] {
  if (/^-?\d+i$/.test(raw)) return { int: Number(raw.slice(0, -1)) };
  if (raw.startsWith('"')) return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (/^(t|true)$/i.test(raw)) return true;
  if (/^(f|false)$/i.test(raw)) return false;
  return Number(raw);
}

/** Lines of line protocol as points with typed fields (tag and field order do not matter). */
export function parsePoints(text: string): ParsedPoint[] {
  return parseLines(text).map(({ measurement, tags, fields, timestamp }) => ({
    measurement,
    tags,
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typedField(v)])),
    time: Number(timestamp),
  }));
}

/** Every line the embedded writer stored under DATA_DIR/data, parsed, in file order. */
export function storedPoints(dataDir: string): ParsedPoint[] {
  const dir = join(dataDir, 'data');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.lp'))
    .sort()
    .flatMap((f) => parsePoints(readFileSync(join(dir, f), 'utf8')));
}
