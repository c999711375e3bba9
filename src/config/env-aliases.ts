/**
 * The old Python server's variable names, accepted beside the new ones so an existing
 * `industrial_line.env` keeps working. When both are set the new name wins.
 */
export const ENV_ALIASES: Readonly<Record<string, string>> = {
  INFLUX_BUCKET: 'INFLUX_BUCKET_NAME',
  PORT: 'FLASK_PORT',
  ANOMALY_THRESHOLD: 'Z_SCORE_THRESHOLD',
  ANOMALY_WINDOW: 'MODEL_WINDOW_SIZE',
  ANOMALY_RATIO_WINDOW: 'ANOMALY_LIST_SIZE',
};

export type RawEnv = Record<string, string | undefined>;

/** Returns the env with every new name filled from its old alias when only the alias is set. */
export function resolveAliases(env: RawEnv): RawEnv {
  const out: RawEnv = { ...env };
  for (const [name, alias] of Object.entries(ENV_ALIASES)) {
    if (isBlank(out[name]) && !isBlank(env[alias])) out[name] = env[alias];
  }
  // The old server had no URL variable: it built http://HOST:PORT.
  if (isBlank(out.INFLUX_URL) && !isBlank(env.INFLUX_HOST)) {
    const host = env.INFLUX_HOST!.trim();
    const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
    out.INFLUX_URL = isBlank(env.INFLUX_PORT)
      ? withScheme
      : `${withScheme}:${env.INFLUX_PORT!.trim()}`;
  }
  return out;
}

export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}
