import { createHash } from 'node:crypto';

export const ROLES = ['ingest', 'mes', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** One configured key. Only its SHA-256 is kept: the plain key never reaches the config object. */
export interface ApiKeyEntry {
  role: Role;
  /** SHA-256 of the key, 64 lowercase hex digits. */
  sha256: string;
}

const HASHED_PREFIX = 'sha256:';

export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Parses `role:key` entries, split at the FIRST colon so a key may contain colons; a key written
 * `sha256:<64 hex digits>` is taken as the hash of the real key (`ingest:sha256:ab12…`).
 * Throws a message naming the entry by position (`where`), never quoting the key.
 */
export function parseApiKeyEntries(
  entries: string[],
  where: (index: number) => string,
): ApiKeyEntry[] {
  return entries.map((raw, index) => {
    const entry = raw.trim();
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`${where(index)}: expected role:key`);
    const role = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (!(ROLES as readonly string[]).includes(role)) {
      // The role is not quoted either: a key pasted without its role would show in the log.
      throw new Error(
        `${where(index)}: the text before the first colon is not a role (${ROLES.join(', ')})`,
      );
    }
    if (key === '') throw new Error(`${where(index)}: the key is empty`);
    if (!key.toLowerCase().startsWith(HASHED_PREFIX))
      return { role: role as Role, sha256: sha256Hex(key) };
    const hex = key.slice(HASHED_PREFIX.length).trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) {
      throw new Error(`${where(index)}: sha256: must be followed by 64 hex digits`);
    }
    return { role: role as Role, sha256: hex.toLowerCase() };
  });
}

/** API_KEYS: comma-separated entries; blanks between commas are ignored. */
export function splitKeyList(value: string): string[] {
  return value.split(',').filter((e) => e.trim() !== '');
}

/** API_KEYS_FILE: one entry per line; empty lines and lines starting with `#` are ignored. */
export function splitKeyFile(text: string): Array<{ line: number; entry: string }> {
  return text
    .split(/\r?\n/)
    .map((entry, i) => ({ line: i + 1, entry }))
    .filter(({ entry }) => entry.trim() !== '' && !entry.trim().startsWith('#'));
}
