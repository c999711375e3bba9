import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigValidationError } from './config-error';
import { ENV_ALIASES, RawEnv, isBlank, resolveAliases } from './env-aliases';
import { EnvironmentVariables } from './environment.schema';
import { AuthConfig, TransportConfig, buildSecurityConfig } from './security.config';

export { ConfigValidationError };
export type { AuthConfig, TlsConfig, TransportConfig } from './security.config';
export type { ApiKeyEntry, Role } from './api-keys';

export interface DetectorDefaults {
  /** W: how many normal values the model holds. */
  window: number;
  /** T: |z| above this is an anomaly. */
  threshold: number;
  /** N: how many scored samples the anomaly ratio looks back over. */
  ratioWindow: number;
  /** K: consecutive anomalies after which the model re-baselines (0 = never). */
  rebaselineAfter: number;
  /** S: floor of σ, so a flat signal does not divide by zero. */
  minStd: number;
}

/**
 * Detector defaults by ANOMALY_PRESET; single ANOMALY_* variables override the preset's values.
 * `measured` was chosen on labelled signals (docs/anomaly-detection.md, `npm run
 * evaluate:detector`); `legacy` is the old server's W = 25, T = 2, K = 0, one variable away.
 */
export const DETECTOR_PRESETS: Readonly<Record<'measured' | 'legacy', Readonly<DetectorDefaults>>> =
  {
    measured: { window: 100, threshold: 3.5, ratioWindow: 25, rebaselineAfter: 10, minStd: 0.001 },
    legacy: { window: 25, threshold: 2, ratioWindow: 25, rebaselineAfter: 0, minStd: 0.001 },
  };

export interface InfluxConfig {
  url: string;
  api: 'auto' | 'v1' | 'v2';
  /** v2: the bucket; v1: the database, or `db/rp`. */
  bucket: string;
  org: string;
  token: string;
  username: string;
  password: string;
  batchSize: number;
  flushIntervalMs: number;
  jitterIntervalMs: number;
  timeoutMs: number;
  gzip: boolean;
}

/** The store-and-forward journal in front of InfluxDB (DATA_DIR/journal). */
export interface JournalConfig {
  /** Disk bytes at which the journal stops accepting: 503 with Retry-After. */
  maxBytes: number;
  /** How long SIGTERM keeps forwarding the backlog before exiting. */
  shutdownForwardMs: number;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { port: number; host: string; bodyLimit: string; maxClockSkewMs: number };
  logLevel: string;
  dataDir: string;
  /** Undefined when no INFLUX_URL/INFLUX_HOST is set: the embedded line-protocol files are used. */
  influx?: InfluxConfig;
  journal: JournalConfig;
  /** Detector and line-status snapshots under DATA_DIR/state; 0 turns them (and replay) off. */
  state: { snapshotIntervalMs: number };
  analytics: {
    genericSensorsFile: string;
    vibrationSensorsFile: string;
    defaults: DetectorDefaults;
  };
  mes: { demoOrder: boolean; staleAfterMs: number; recentAnomalies: number };
  metrics: { enabled: boolean };
  auth: AuthConfig;
  transport: TransportConfig;
}

/**
 * Builds the typed config from an env record. Throws ConfigValidationError naming every bad
 * variable, so a wrong value stops the start instead of surfacing later.
 */
export function buildAppConfig(rawEnv: RawEnv, cwd = process.cwd()): AppConfig {
  const env = resolveAliases(rawEnv);
  const vars = plainToInstance(EnvironmentVariables, pick(env), {
    enableImplicitConversion: false,
  });
  const errors = validateSync(vars, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${nameAsSet(e.property, rawEnv)}=${JSON.stringify(e.value)}: ` +
        Object.values(e.constraints ?? {}).join('; '),
    );
    throw new ConfigValidationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const dataDir = resolve(cwd, vars.DATA_DIR ?? 'apps_data/http_server');
  const nodeEnv = (vars.NODE_ENV as AppConfig['env']) ?? 'development';
  const { auth, transport, problems } = buildSecurityConfig(vars, nodeEnv, dataDir);
  if (problems.length > 0) {
    throw new ConfigValidationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const inData = (file: string | undefined, fallback: string) =>
    file ? resolve(dataDir, file) : resolve(dataDir, fallback);

  return {
    env: nodeEnv,
    http: {
      port: vars.PORT ?? 3000,
      host: vars.HOST ?? '0.0.0.0',
      bodyLimit: vars.BODY_LIMIT ?? '16mb',
      maxClockSkewMs: vars.MAX_CLOCK_SKEW_MS ?? 3_600_000,
    },
    logLevel: vars.LOG_LEVEL ?? 'info',
    dataDir,
    influx: isBlank(vars.INFLUX_URL)
      ? undefined
      : {
          url: vars.INFLUX_URL!.replace(/\/+$/, ''),
          api: (vars.INFLUX_API as InfluxConfig['api']) ?? 'auto',
          bucket: vars.INFLUX_BUCKET ?? 'iiot',
          org: vars.INFLUX_ORG ?? '',
          token: vars.INFLUX_TOKEN ?? '',
          username: vars.INFLUX_USERNAME ?? '',
          password: vars.INFLUX_PASSWORD ?? '',
          batchSize: vars.INFLUX_BATCH_SIZE ?? 5000,
          flushIntervalMs: vars.INFLUX_FLUSH_INTERVAL ?? 1000,
          jitterIntervalMs: vars.INFLUX_JITTER_INTERVAL ?? 0,
          timeoutMs: vars.INFLUX_TIMEOUT_MS ?? 10_000,
          gzip: vars.INFLUX_GZIP ?? false,
        },
    journal: {
      maxBytes: vars.JOURNAL_MAX_BYTES ?? 1024 ** 3,
      shutdownForwardMs: vars.JOURNAL_SHUTDOWN_FORWARD_MS ?? 5_000,
    },
    state: { snapshotIntervalMs: vars.STATE_SNAPSHOT_INTERVAL_MS ?? 30_000 },
    analytics: {
      genericSensorsFile: inData(
        vars.ANALYTICS_GENERIC_SENSORS_FILE,
        'config/analytics_generic_sensors.json',
      ),
      vibrationSensorsFile: inData(
        vars.ANALYTICS_VIBRATION_SENSORS_FILE,
        'config/analytics_vibration_sensors.json',
      ),
      defaults: detectorDefaults(vars),
    },
    mes: {
      demoOrder: vars.MES_DEMO_ORDER ?? true,
      staleAfterMs: vars.STALE_AFTER_MS ?? 60_000,
      recentAnomalies: vars.RECENT_ANOMALIES_SIZE ?? 10_000,
    },
    metrics: { enabled: vars.METRICS_ENABLED ?? true },
    auth,
    transport,
  };
}

function detectorDefaults(vars: EnvironmentVariables): DetectorDefaults {
  const preset = DETECTOR_PRESETS[(vars.ANOMALY_PRESET as 'measured' | 'legacy') ?? 'measured'];
  return {
    window: vars.ANOMALY_WINDOW ?? preset.window,
    threshold: vars.ANOMALY_THRESHOLD ?? preset.threshold,
    ratioWindow: vars.ANOMALY_RATIO_WINDOW ?? preset.ratioWindow,
    rebaselineAfter: vars.ANOMALY_REBASELINE_AFTER ?? preset.rebaselineAfter,
    minStd: vars.ANOMALY_MIN_STD ?? preset.minStd,
  };
}

/**
 * The config of this process, from process.env (which ConfigModule has filled from `.env` once
 * AppModule is imported). For main.ts, which needs the TLS files before the app exists.
 */
export function loadAppConfig(): AppConfig {
  return buildAppConfig(process.env);
}

/** The name the operator wrote: the old alias when the value came from it. */
function nameAsSet(name: string, rawEnv: RawEnv): string {
  const alias = ENV_ALIASES[name];
  return alias && isBlank(rawEnv[name]) && !isBlank(rawEnv[alias])
    ? `${alias} (read as ${name})`
    : name;
}

/** Blanks dropped: an empty `FOO=` line in an env file means "unset", not "empty string". */
function pick(env: RawEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (!isBlank(value)) out[key] = value!.trim();
  return out;
}
