import type { MetricsService } from '../health/metrics.service';
import type { GroupCommit } from './group-commit';
import { errorText } from '../common/errors/error-text';

/** Enqueues `lines` and keeps the writer's backlog gauge current while the request waits. */
export async function enqueueTracked(
  commit: GroupCommit<string>,
  lines: readonly string[],
  metrics: MetricsService,
  writer: string,
): Promise<void> {
  const done = commit.enqueue(lines);
  metrics.writeBacklog.set({ writer }, commit.backlog);
  try {
    await done;
  } finally {
    metrics.writeBacklog.set({ writer }, commit.backlog);
  }
}

/** Records one durable write: how long it took since `startedMs`, and the points it made durable. */
export function recordWrite(
  metrics: MetricsService,
  writer: string,
  points: number,
  startedMs: number,
): void {
  metrics.writeSeconds.observe({ writer }, (performance.now() - startedMs) / 1000);
  metrics.writeBatchPoints.observe({ writer }, points);
  metrics.pointsWritten.inc({ writer }, points);
}

/**
 * A failed durable write: counted by the error's code (`enospc`, `eio`, …), and described as
 * `<what>: <error>` for the log and for readiness.
 */
export function failedWrite(
  metrics: MetricsService,
  writer: string,
  what: string,
  error: unknown,
): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  metrics.writesFailed.inc({
    writer,
    reason: typeof code === 'string' ? code.toLowerCase() : 'error',
  });
  return `${what}: ${errorText(error)}`;
}
