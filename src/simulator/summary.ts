import type { DetectionScore } from './detection-score';
import type { RunStats } from './stats';

export interface RunSummary {
  target: string;
  mode: 'single' | 'batch';
  notices: string[];
  lines: number;
  machines: number;
  rateHz: number;
  /** Seconds from the first sample to the last answer (sampling plus draining). */
  elapsedS: number;
  generated: number;
  accepted: number;
  refused: Record<string, number>;
  refusalMessages: Record<string, string>;
  lost: number;
  requests: number;
  resends: Record<string, number>;
  samplesPerSecond: number;
  latencyMs: { p50?: number; p90?: number; p99?: number; max?: number };
  analysed: string[];
  detection: DetectionScore | { skipped: string };
  exitCode: 0 | 1;
}

export function summarize(
  stats: RunStats,
  run: Omit<
    RunSummary,
    | 'generated'
    | 'accepted'
    | 'refused'
    | 'refusalMessages'
    | 'lost'
    | 'requests'
    | 'resends'
    | 'samplesPerSecond'
    | 'latencyMs'
    | 'exitCode'
  >,
): RunSummary {
  const l = stats.latency;
  return {
    ...run,
    generated: stats.generated,
    accepted: stats.accepted,
    refused: Object.fromEntries(stats.refused),
    refusalMessages: Object.fromEntries(stats.refusalMessages),
    lost: stats.lost,
    requests: stats.requests,
    resends: Object.fromEntries(stats.resends),
    samplesPerSecond: run.elapsedS > 0 ? stats.accepted / run.elapsedS : 0,
    latencyMs: {
      p50: l.quantile(0.5),
      p90: l.quantile(0.9),
      p99: l.quantile(0.99),
      max: l.count ? l.max : undefined,
    },
    // A PLC program must not lose or have refused a single sample: anything else is a failed run.
    exitCode: stats.refusedTotal > 0 || stats.lost > 0 ? 1 : 0,
  };
}

const fixed = (v: number | undefined, digits = 1) => (v === undefined ? '–' : v.toFixed(digits));
const counts = (r: Record<string, number>) =>
  Object.keys(r).length
    ? Object.entries(r)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')
    : 'none';
const ratio = (v: number | undefined, part: number, whole: number) =>
  v === undefined ? `n/a (0 of 0)` : `${v.toFixed(2)} (${part} of ${whole})`;

export function formatSummary(s: RunSummary): string {
  const refusedTotal = Object.values(s.refused).reduce((a, n) => a + n, 0);
  const lines = [
    '',
    '=== IIoT simulator summary ===',
    `target       ${s.target} (${s.mode === 'batch' ? 'batches' : 'single samples'})`,
    ...s.notices.map((n) => `note         ${n}`),
    `plant        ${s.lines} line(s) × ${s.machines} machine(s), ${s.rateHz} Hz per machine`,
    `samples      generated ${s.generated}, accepted ${s.accepted}, refused ${refusedTotal}, lost ${s.lost}`,
  ];
  for (const [status, message] of Object.entries(s.refusalMessages)) {
    lines.push(`refused      ${status} × ${s.refused[status]}: ${message}`);
  }
  lines.push(
    `requests     ${s.requests}, resends ${counts(s.resends)}`,
    `throughput   ${s.samplesPerSecond.toFixed(1)} samples/s accepted over ${s.elapsedS.toFixed(1)} s`,
    `latency      p50 ${fixed(s.latencyMs.p50)} ms, p90 ${fixed(s.latencyMs.p90)} ms, p99 ${fixed(s.latencyMs.p99)} ms, max ${fixed(s.latencyMs.max)} ms`,
    `analysed     ${s.analysed.length ? s.analysed.join(', ') : 'none of the simulated sensors'}`,
  );
  if ('skipped' in s.detection) {
    lines.push(`detection    not evaluated: ${s.detection.skipped}`);
  } else {
    const d = s.detection;
    lines.push(
      `anomalies    injected ${d.injected}, flagged by the service ${d.flagged}, both ${d.truePositives}`,
      `detection    precision ${ratio(d.precision, d.truePositives, d.flagged)}, recall ${ratio(d.recall, d.truePositives, d.injected)}`,
    );
  }
  lines.push(
    `result       ${s.exitCode === 0 ? 'OK: every sample was accepted' : 'FAILED: samples were refused or lost'} (exit ${s.exitCode})`,
  );
  return lines.join('\n') + '\n';
}
