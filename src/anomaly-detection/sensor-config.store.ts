import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConflictError } from '../common/errors/domain-errors';
import { writeFileAtomic } from '../common/fs/atomic-file';
import type { ExactEntry } from './detector-registry';
import { SensorConfigError, parseSensorConfig } from './sensor-config';
import type { ZScoreParams } from './z-score.params';

type Doc = unknown[] | { sensors: unknown[]; [key: string]: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Writes one series' entry into an analytics config file, replacing the entry with the same
 * (line, machine, name) or appending one, and leaving every other entry as it was written (names
 * stay names, unspecified parameters stay unspecified, `$comment` keys stay). The file is read
 * again first, so a hand edit made since boot is kept rather than overwritten; the result is
 * validated as the loader would read it, then replaced atomically (temp file, fsync, rename).
 * Callers serialise calls per file.
 */
export async function upsertSensorEntry(
  file: string,
  entry: ExactEntry,
  defaults: ZScoreParams,
): Promise<void> {
  const doc = await readDoc(file);
  const list = Array.isArray(doc) ? doc : doc.sensors;
  const at = list.findIndex(
    (raw) =>
      isRecord(raw) &&
      raw.name === entry.name &&
      raw.line === entry.line &&
      raw.machine === entry.machine,
  );
  const previous = at >= 0 ? (list[at] as Record<string, unknown>) : {};
  const notes = Object.fromEntries(Object.entries(previous).filter(([k]) => k.startsWith('$')));
  const raw = { name: entry.name, line: entry.line, machine: entry.machine, ...entry.params };
  if (at >= 0) list[at] = { ...raw, ...notes };
  else list.push(raw);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  try {
    parseSensorConfig(text, file, defaults);
  } catch (err) {
    if (err instanceof SensorConfigError) throw unusable(err.message);
    throw err;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}

async function readDoc(file: string): Promise<Doc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { sensors: [] };
    throw err;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw unusable(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(doc)) return doc;
  if (isRecord(doc) && Array.isArray(doc.sensors)) return doc as Doc;
  throw unusable(`${file}: expected {"sensors": [...]} or a JSON array of sensor entries`);
}

/** The file was changed on disk into something the service could not boot with: keep it. */
function unusable(reason: string): ConflictError {
  return new ConflictError(
    `The analytics config on disk cannot be used (${reason}); ` +
      'fix it before changing detectors through the API',
  );
}
