import type { InfluxConfig } from '../../config/app.config';

/** Which write endpoint speaks to this InfluxDB: `/write` (1.x < 1.8) or `/api/v2/write`. */
export type InfluxApi = 'v1' | 'v2';

/**
 * DESIGN: `1.x` below 1.8 → v1; anything else, or no header → v2. 1.8 added `/api/v2/write`, and
 * every later server (2.x, 3.x, Cloud, VictoriaMetrics) speaks it, so unknown means v2.
 */
export function apiForVersion(version: string | undefined): InfluxApi {
  const match = /^v?(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  if (!match) return 'v2';
  return Number(match[1]) === 1 && Number(match[2]) < 8 ? 'v1' : 'v2';
}

/** The bucket setting names `db` or `db/rp` (the same `db/rp` naming 2.x uses for DBRP mappings). */
export function splitBucket(bucket: string): { db: string; rp?: string } {
  const slash = bucket.indexOf('/');
  if (slash < 0) return { db: bucket };
  return { db: bucket.slice(0, slash), rp: bucket.slice(slash + 1) || undefined };
}

export function writePath(api: InfluxApi, config: Pick<InfluxConfig, 'bucket' | 'org'>): string {
  if (api === 'v1') {
    const { db, rp } = splitBucket(config.bucket);
    return `/write?${new URLSearchParams({ db, ...(rp ? { rp } : {}), precision: 'ms' })}`;
  }
  // 1.8's compatibility endpoint ignores org; 2.x needs it, so it is sent whenever configured.
  const params: Record<string, string> = config.org ? { org: config.org } : {};
  return `/api/v2/write?${new URLSearchParams({ ...params, bucket: config.bucket, precision: 'ms' })}`;
}

/** `/query` parameters naming the database (v1) or the bucket through its DBRP mapping (v2, 3.x). */
export function queryTarget(config: Pick<InfluxConfig, 'bucket'>): Record<string, string> {
  const { db, rp } = splitBucket(config.bucket);
  return { db, ...(rp ? { rp } : {}) };
}

/**
 * 1.x takes Basic auth (kept out of the URL, which InfluxDB's access log records, unlike `u`/`p`
 * parameters); 1.8+ and 2.x take `Token <token>`, and for 1.8 `Token user:password`.
 */
export function authorization(
  api: InfluxApi,
  config: Pick<InfluxConfig, 'token' | 'username' | 'password'>,
): string | undefined {
  if (config.token) return `Token ${config.token}`;
  if (!config.username) return undefined;
  const pair = `${config.username}:${config.password}`;
  return api === 'v1' ? `Basic ${Buffer.from(pair).toString('base64')}` : `Token ${pair}`;
}

/**
 * Retry-After is seconds or an HTTP date (RFC 9110). The influxdb-client reads it as milliseconds,
 * which is why this module parses the raw header itself.
 */
export function retryAfterSeconds(value: unknown, nowMs = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** InfluxQL identifier quoting, for names taken from config (database names). */
export function influxQlIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Case-insensitive header lookup over the library's plain header records. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === null ? undefined : String(first);
  }
  return undefined;
}
