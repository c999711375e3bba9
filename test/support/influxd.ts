import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { findBinary } from './server-binary';

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
export class InfluxdServer {
  private proc?: ChildProcess;
  private dir = '';
  httpPort = 0;
  private rpcPort = 0;

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async start(): Promise<this> {
    const bin = findBinary('influxd');
    if (!bin) throw new Error('influxd not found (apt-get install influxdb)');
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'influxd-'));
      this.httpPort = await freePort();
      this.rpcPort = await freePort();
      writeFileSync(join(this.dir, 'influxdb.conf'), this.config());
    }
    this.proc = spawn(bin, ['-config', join(this.dir, 'influxdb.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, INFLUXDB_DATA_QUERY_LOG_ENABLED: 'false' },
    });
    let stderr = '';
    this.proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    await this.waitReady(() => stderr);
    return this;
  }

  /** Stops the process (SIGTERM), keeping its data so `start()` brings the same database back. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
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

  private async waitReady(stderr: () => string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.proc?.exitCode !== null && this.proc?.exitCode !== undefined) {
        throw new Error(`influxd exited with ${this.proc.exitCode}: ${stderr()}`);
      }
      try {
        const res = await fetch(`${this.url}/ping`);
        if (res.status === 204) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`influxd did not answer /ping within 30 s: ${stderr()}`);
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
