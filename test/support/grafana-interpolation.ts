/**
 * Grafana's InfluxQL interpolation, as its InfluxDB datasource does it, so dashboard tests run the
 * queries Grafana would send. Written from Grafana's documented behaviour, not its code.
 */
/** Grafana's escapeRegex (@grafana/data): the characters it backslash-escapes, "/" included. */
const escapeRegex = (v: string) => v.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

/** Grafana's "regex" variable format, used for InfluxQL: one value escaped, several as (a|b). */
function regexFormat(values: string[]): string {
  const escaped = values.map(escapeRegex);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/** Grafana's interval rounding (rangeutil.roundInterval), up to one hour. */
function roundInterval(ms: number): number {
  // prettier-ignore
  const steps: Array<[number, number]> = [
    [10, 1], [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000],
    [3500, 2000], [7500, 5000], [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000],
    [90000, 60000], [210000, 120000], [450000, 300000], [1050000, 600000], [2100000, 1200000],
  ];
  return steps.find(([below]) => ms < below)?.[1] ?? 3600000;
}
const intervalText = (ms: number) =>
  ms < 1000
    ? `${ms}ms`
    : ms < 60000
      ? `${ms / 1000}s`
      : ms < 3600000
        ? `${ms / 60000}m`
        : `${ms / 3600000}h`;

export interface TimeRange {
  /** Grafana's raw range: "now-1h"-style strings or epoch ms. */
  from: string | number;
  to: string | number;
  /** The same range in epoch ms, for the interval. */
  spanMs: number;
}
/** $timeFilter: the frontend writes now() - 1h for relative ranges, the backend epoch ms. */
function timeFilter(r: TimeRange): string {
  const t = (v: string | number) => {
    if (typeof v === 'number') return `${v}ms`;
    if (v === 'now') return 'now()';
    const m = /^now-(\d+)([dhms])$/.exec(v);
    if (!m) throw new Error(`unsupported raw time ${v}`);
    return `now() - ${m[1]}${m[2]}`;
  };
  return `time >= ${t(r.from)} and time <= ${t(r.to)}`;
}

const VARIABLE = /\$(\w+)|\$\{(\w+)\}/g;
/**
 * Fills a query as Grafana sends it: $timeFilter and (for panels, not annotations) $__interval from
 * the time range with maxDataPoints 1000, template variables in the regex format.
 */
export function interpolate(
  query: string,
  vars: Map<string, string[]>,
  range?: TimeRange,
  withInterval = true,
): string {
  return query.replace(VARIABLE, (all, a?: string, b?: string) => {
    const name = (a ?? b)!;
    if (range && name === 'timeFilter') return timeFilter(range);
    if (range && withInterval && name === '__interval')
      return intervalText(roundInterval(range.spanMs / 1000));
    const values = vars.get(name);
    if (!values) throw new Error(`${all} is not defined for: ${query}`);
    return regexFormat(values);
  });
}
