import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { findBinary } from './server-binary';

/** One series of `/api/v1/export` (JSON lines): labels plus raw samples. */
export interface VmSeries {
  metric: Record<string, string> & { __name__: string };
  values: number[];
  timestamps: number[];
}

/**
 * A real VictoriaMetrics (Debian's `victoria-metrics`) on a free port in a temp dir: the test
 * target for `/api/v2/write`. It stores field f of measurement m as metric `m_f`, keeps
 * `-retentionPeriod` months (write recent timestamps), and shows writes after a second or two.
 * The harness only talks to the instance it started.
 */
export class VictoriaMetricsServer {
  private proc?: ChildProcess;
  private dir = '';
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const bin = findBinary('victoria-metrics');
    if (!bin) throw new Error('victoria-metrics not found (apt-get install victoria-metrics)');
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'victoria-metrics-'));
      this.port = await freePort();
    }
    this.proc = spawn(
      bin,
      [
        `-storageDataPath=${this.dir}`,
        `-httpListenAddr=127.0.0.1:${this.port}`,
        '-retentionPeriod=1',
        '-loggerLevel=ERROR',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    this.proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    await this.waitHealthy(() => stderr);
    return this;
  }

  /** Stops the process (SIGTERM), keeping its data. */
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

  /** Raw series matching a selector, e.g. `{__name__=~"GenericSensor_.*"}`. */
  async export(selector: string): Promise<VmSeries[]> {
    const params = new URLSearchParams({ 'match[]': selector });
    const res = await fetch(`${this.url}/api/v1/export?${params}`);
    const text = await res.text();
    if (!res.ok) throw new Error(`export failed (${res.status}): ${text}`);
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as VmSeries);
  }

  /**
   * Polls `export` until `done` accepts the series (VictoriaMetrics makes writes searchable only
   * after its in-memory buffers flush), or fails with what it saw last when the deadline passes.
   */
  async waitForSeries(
    selector: string,
    done: (series: VmSeries[]) => boolean,
    deadlineMs = 20_000,
  ): Promise<VmSeries[]> {
    const deadline = Date.now() + deadlineMs;
    let last: VmSeries[] = [];
    while (Date.now() < deadline) {
      // Makes recent writes searchable now instead of after the next periodic flush.
      await fetch(`${this.url}/internal/force_flush`);
      last = await this.export(selector);
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `Series ${selector} not complete within ${deadlineMs} ms; last seen: ${JSON.stringify(last)}`,
    );
  }

  private async waitHealthy(stderr: () => string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.proc?.exitCode !== null && this.proc?.exitCode !== undefined) {
        throw new Error(`victoria-metrics exited with ${this.proc.exitCode}: ${stderr()}`);
      }
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`victoria-metrics did not answer /health within 30 s: ${stderr()}`);
  }
}
