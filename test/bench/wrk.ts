import { execFile } from 'node:child_process';

export interface WrkResult {
  /** Answers with a 2xx/3xx status per second. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failed: number;
  seconds: number;
  /** Seconds after the run until its samples were all in InfluxDB (journal drained). */
  drainSeconds?: number;
}

export interface WrkRun {
  url: string;
  script: string;
  connections: number;
  seconds: number;
  env?: Record<string, string>;
}

/** One wrk run (one thread: the service and InfluxDB need the other core). */
export function wrk(run: WrkRun): Promise<WrkResult> {
  const args = ['-t1', `-c${run.connections}`, `-d${run.seconds}s`, '--latency', '-s', run.script];
  return new Promise((resolve, reject) => {
    execFile(
      'wrk',
      [...args, run.url],
      { env: { ...process.env, ...run.env }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
        try {
          resolve(parseWrk(stdout));
        } catch (e) {
          reject(e);
        }
      },
    );
  });
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1000, m: 60_000 };

function duration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`unreadable wrk duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

export function parseWrk(out: string): WrkResult {
  const total = /(\d+) requests in ([\d.]+\w+)/.exec(out);
  if (!total) throw new Error(`unreadable wrk output:\n${out}`);
  const requests = Number(total[1]);
  const seconds = duration(total[2]) / 1000;
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const timeouts = errors ? Number(errors[4]) : 0;
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(out);
    return m ? duration(m[1]) : Number.NaN;
  };
  return {
    okPerSecond: (requests - failed) / seconds,
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    requests,
    failed: failed + timeouts,
    seconds,
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
