/**
 * Test helper: parses InfluxDB line protocol so tests compare points, not strings (tag and field
 * order inside a line is free). Field values stay raw text, so `42` (float) and `42i` (integer)
 * differ, which is the point of the golden tests. Not used by production code.
 */
export interface ParsedLine {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, string>;
  timestamp?: string;
}

export function parseLines(text: string): ParsedLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map(parseLine);
}

export function parseLine(line: string): ParsedLine {
  let pos = 0;
  /** Reads up to an unescaped stop character, removing escapes. */
  const read = (stops: string, quotes = false): string => {
    let out = '';
    let quoted = false;
    while (pos < line.length) {
      const c = line[pos];
      if (c === '\\' && pos + 1 < line.length) {
        out += quoted ? c + line[pos + 1] : line[pos + 1];
        pos += 2;
        continue;
      }
      if (quotes && c === '"') quoted = !quoted;
      if (!quoted && stops.includes(c)) break;
      out += c;
      pos++;
    }
    return out;
  };

  const measurement = read(', ');
  const tags: Record<string, string> = {};
  while (line[pos] === ',') {
    pos++;
    const key = read('=');
    pos++;
    tags[key] = read(', ');
  }
  if (line[pos] !== ' ') throw new Error(`No fields in line: ${line}`);
  pos++;
  const fields: Record<string, string> = {};
  for (;;) {
    const key = read('=');
    pos++;
    fields[key] = read(', ', true);
    if (line[pos] !== ',') break;
    pos++;
  }
  const rest = line.slice(pos).trim();
  return { measurement, tags, fields, ...(rest ? { timestamp: rest } : {}) };
}
