import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChildServer } from './child-server';
import { freePort } from './free-port';

export interface InfluxQlSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/**
 * A real InfluxDB 1.x (`influxd` from Debian's `influxdb`) on free ports in a temp dir. The
 * harness only ever talks to the instance it started (the URL is built from its own port).
 */
export class InfluxdServer extends ChildServer {
  protected readonly binary = 'influxd';
  protected readonly debianPackage = 'influxdb';
  protected readonly readyPath = '/ping';
  httpPort = 0;
  private rpcPort = 0;

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  protected async prepare(): Promise<void> {
    this.httpPort = await freePort();
    this.rpcPort = await freePort();
    writeFileSync(join(this.dir, 'influxdb.conf'), this.config());
  }

  protected args(): string[] {
    return ['-config', join(this.dir, 'influxdb.conf')];
  }

  /** Runs InfluxQL and returns the series of the first statement ([] when it has none). */
  async query(q: string, db?: string): Promise<InfluxQlSeries[]> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db) params.set('db', db);
    const res = await fetch(`${this.url}/query?${params}`, { method: 'POST' });
    const body = (await res.json()) as {
      error?: string;
      results?: Array<{ error?: string; series?: InfluxQlSeries[] }>;
    };
    const err = body.error ?? body.results?.[0]?.error;
    if (!res.ok || err)
      throw new Error(`InfluxQL failed (${res.status}): ${err ?? JSON.stringify(body)}`);
    return body.results?.[0]?.series ?? [];
  }

  /** Rows of a query as objects keyed by column (series tags merged in). */
  async rows(q: string, db?: string): Promise<Array<Record<string, unknown>>> {
    const series = await this.query(q, db);
    return series.flatMap((s) =>
      s.values.map((v) => ({
        ...s.tags,
        ...Object.fromEntries(s.columns.map((c, i) => [c, v[i]])),
      })),
    );
  }

  /** Field types per measurement, e.g. `{GenericSensor: {value: 'float'}}` (SHOW FIELD KEYS). */
  async fieldTypes(db: string): Promise<Record<string, Record<string, unknown>>> {
    return Object.fromEntries(
      (await this.query('SHOW FIELD KEYS', db)).map((s) => [
        s.name,
        Object.fromEntries(s.values.map(([k, type]) => [k, type])),
      ]),
    );
  }

  private config(): string {
    const d = this.dir;
    return `reporting-disabled = true
bind-address = "127.0.0.1:${this.rpcPort}"
[meta]
  dir = "${d}/meta"
[data]
  dir = "${d}/data"
  wal-dir = "${d}/wal"
  query-log-enabled = false
  wal-fsync-delay = "0s"
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${this.httpPort}"
  log-enabled = false
[ifql]
  enabled = false
[logging]
  level = "warn"
[continuous_queries]
  enabled = false
`;
  }
}
