import { join } from 'node:path';
import { SHARED } from './servers';
import { Row } from './table';
import { median, wrk, WrkResult } from './wrk';

/**
 * `npm run bench`: every figure of docs/performance.md in one run on one machine. Medians of
 * BENCH_RUNS (default 3) runs of BENCH_SECONDS (default 10) per row, after a short warm-up.
 */
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const WARMUP_SECONDS = 3;
export const BATCH_ITEMS = 1000;
export const SERIES_VALUES = 10_000;
/** Series rows: s0 is analysed (SingleSensorAnalytics, 7 fields), p0 is not (GenericSensor). */
export const SERIES_KINDS = [
  ['series', 's0'],
  ['plain-series', 'p0'],
] as const;
export const HERE = join(__dirname, '..', '..', '..', 'test', 'bench');
export const POST_LUA = join(SHARED, 'post.lua');
export const LP_LUA = join(SHARED, 'lp.lua');
// Recent enough for any retention, old enough that no sample is in the future.
export const T0 = Math.floor((Date.now() - 30 * 86_400_000) / 1000) * 1000;

export interface Http {
  result: WrkResult;
  runs: WrkResult[];
}

/**
 * Warm-up, then RUNS measured runs; the median run by throughput stands for the row. `settle`
 * runs after each (e.g. waits for the journal to reach InfluxDB) and returns the seconds it took,
 * kept as the run's drainSeconds.
 */
export async function measure(
  url: string,
  script: string,
  connections: number,
  env: (run: number) => Record<string, string> = () => ({}),
  settle: () => Promise<number> = async () => 0,
): Promise<Http> {
  await wrk({ url, script, connections, seconds: WARMUP_SECONDS, env: env(0) });
  await settle();
  const runs: WrkResult[] = [];
  for (let r = 1; r <= RUNS; r++) {
    const run = await wrk({ url, script, connections, seconds: SECONDS, env: env(r) });
    runs.push({ ...run, drainSeconds: await settle() });
  }
  const rps = median(runs.map((x) => x.okPerSecond));
  const result = runs.find((x) => x.okPerSecond === rps) ?? {
    ...runs[0],
    okPerSecond: rps,
    p50Ms: median(runs.map((x) => x.p50Ms)),
    p99Ms: median(runs.map((x) => x.p99Ms)),
  };
  return { result, runs };
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
export const percent = (a: number, b: number | undefined) =>
  b ? `${fmt((100 * a) / b)} %` : 'n/a';
export const notMeasured = (row: string, why: string): Row => ({
  row,
  result: `not measured: ${why}`,
});
