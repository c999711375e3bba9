import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiKeyEntry, parseApiKeyEntries, splitKeyFile, splitKeyList } from './api-keys';
import type { SecurityEnvironmentVariables } from './security.schema';
import { errorText } from '../common/errors/error-text';

export interface AuthConfig {
  keys: ApiKeyEntry[];
  /** True when no key is configured or AUTH_DISABLED=true: every route is open. */
  open: boolean;
  /** AUTH_DISABLED=true (logged at start, so nobody runs open by accident). */
  disabled: boolean;
  /** METRICS_REQUIRE_KEY=true: /metrics needs a mes or admin key like the MES API. */
  metricsRequireKey: boolean;
}

export interface TlsConfig {
  certFile: string;
  keyFile: string;
  /** Set: clients must present a certificate signed by this CA (mutual TLS). */
  caFile?: string;
}

export interface TransportConfig {
  /** HTTPS when set, else plain HTTP. */
  tls?: TlsConfig;
  /** Requests per second per API key (per client IP when open); 0 = no limit. */
  rateLimitPerSecond: number;
  /** Origins allowed cross-origin; empty = CORS off (no CORS headers at all). */
  corsOrigins: string[];
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * The auth and transport parts of the config. Returns the problems as messages naming the
 * variable (never quoting a key), so app.config.ts reports them with the other variables.
 */
export function buildSecurityConfig(
  vars: SecurityEnvironmentVariables,
  env: string,
  dataDir: string,
): { auth: AuthConfig; transport: TransportConfig; problems: string[] } {
  const problems: string[] = [];
  const attempt = <T>(fallback: T, build: () => T): T => {
    try {
      return build();
    } catch (err) {
      problems.push(errorText(err));
      return fallback;
    }
  };
  const inData = (file: string) => resolve(dataDir, file);

  const keys = [
    ...attempt([], () =>
      vars.API_KEYS
        ? parseApiKeyEntries(splitKeyList(vars.API_KEYS), (i) => `API_KEYS entry ${i + 1}`)
        : [],
    ),
    ...attempt([], () => (vars.API_KEYS_FILE ? readKeyFile(inData(vars.API_KEYS_FILE)) : [])),
  ];
  const disabled = vars.AUTH_DISABLED ?? false;
  if (env === 'production' && keys.length === 0 && !disabled) {
    problems.push(
      'API_KEYS: NODE_ENV=production and no API keys (API_KEYS or API_KEYS_FILE); refusing to run ' +
        'open. Set AUTH_DISABLED=true to run without keys (unmodified PLC programs)',
    );
  }

  const transport: TransportConfig = {
    tls: attempt(undefined, () => tlsConfig(vars, inData)),
    rateLimitPerSecond: vars.RATE_LIMIT_PER_SECOND ?? 2000,
    corsOrigins: attempt([], () => corsOrigins(vars.CORS_ORIGINS)),
    requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS ?? 30_000,
    headersTimeoutMs: vars.HTTP_HEADERS_TIMEOUT_MS ?? 10_000,
    keepAliveTimeoutMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 65_000,
  };
  const { requestTimeoutMs: request, headersTimeoutMs: headers } = transport;
  if (request > 0 && (headers === 0 || headers > request)) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS=${headers}: must be between 1 and HTTP_REQUEST_TIMEOUT_MS (${request})`,
    );
  }
  return {
    auth: {
      keys,
      open: keys.length === 0 || disabled,
      disabled,
      metricsRequireKey: vars.METRICS_REQUIRE_KEY ?? false,
    },
    transport,
    problems,
  };
}

function readKeyFile(path: string): ApiKeyEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`API_KEYS_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`);
  }
  const lines = splitKeyFile(text);
  return parseApiKeyEntries(
    lines.map((l) => l.entry),
    (i) => `API_KEYS_FILE ${path} line ${lines[i].line}`,
  );
}

function tlsConfig(
  vars: SecurityEnvironmentVariables,
  inData: (file: string) => string,
): TlsConfig | undefined {
  const { TLS_CERT_FILE: cert, TLS_KEY_FILE: key, TLS_CA_FILE: ca } = vars;
  if (!cert && !key) {
    if (ca) throw new Error('TLS_CA_FILE: needs TLS_CERT_FILE and TLS_KEY_FILE');
    return undefined;
  }
  if (!cert || !key)
    throw new Error(
      `${cert ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'}: HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE`,
    );
  const files = {
    TLS_CERT_FILE: inData(cert),
    TLS_KEY_FILE: inData(key),
    ...(ca ? { TLS_CA_FILE: inData(ca) } : {}),
  };
  for (const [name, path] of Object.entries(files)) {
    if (!existsSync(path)) throw new Error(`${name}: no such file ${path}`);
  }
  return { certFile: files.TLS_CERT_FILE, keyFile: files.TLS_KEY_FILE, caFile: files.TLS_CA_FILE };
}

function corsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `CORS_ORIGINS: "${origin}" is not * or an origin such as https://mes.example.com`,
      );
    }
  }
  return origins;
}
