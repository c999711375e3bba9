import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ParsedPoint {
  measurement: string;
  tags: Record<string, string>;
  /** Field values keep their line-protocol type: `{int: 1}` for `1i`, numbers for floats. */
  fields: Record<string, number | { int: number } | string | boolean>;
  time: number;
}

/** Splits at `sep` outside escapes and double quotes. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[i + 1];
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === sep && !quoted) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

function parseField(raw: string): ParsedPoint['fields'][string] {
  if (/^-?\d+i$/.test(raw)) return { int: Number(raw.slice(0, -1)) };
  if (raw.startsWith('"')) return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (raw === 't' || raw === 'true') return true;
  if (raw === 'f' || raw === 'false') return false;
  return Number(raw);
}

/** A test-side reading of one line of line protocol, independent of the code that wrote it. */
export function parseLine(line: string): ParsedPoint {
  const [head, fieldSet, time] = splitUnescaped(line, ' ');
  const [measurement, ...tagPairs] = splitUnescaped(head, ',');
  const tags: Record<string, string> = {};
  for (const pair of tagPairs) {
    const [k, v] = splitUnescaped(pair, '=');
    tags[unescape(k)] = unescape(v);
  }
  const fields: ParsedPoint['fields'] = {};
  for (const pair of splitUnescaped(fieldSet, ',')) {
    const [k, ...v] = splitUnescaped(pair, '=');
    fields[unescape(k)] = parseField(v.join('='));
  }
  return { measurement: unescape(measurement), tags, fields, time: Number(time) };
}

/** Every line the embedded writer stored under DATA_DIR/data, parsed, in file order. */
export function storedPoints(dataDir: string): ParsedPoint[] {
  const dir = join(dataDir, 'data');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.lp'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map(parseLine);
}
