import { ChildServer } from './child-server';
import { freePort } from './free-port';

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
export class VictoriaMetricsServer extends ChildServer {
  protected readonly binary = 'victoria-metrics';
  protected readonly debianPackage = 'victoria-metrics';
  protected readonly readyPath = '/health';
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  protected async prepare(): Promise<void> {
    this.port = await freePort();
  }

  protected args(): string[] {
    return [
      `-storageDataPath=${this.dir}`,
      `-httpListenAddr=127.0.0.1:${this.port}`,
      '-retentionPeriod=1',
      '-loggerLevel=ERROR',
    ];
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
}
