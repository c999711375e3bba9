import type { JournalPosition } from './journal-files';
import type { Segment } from './journal-recovery';

/**
 * The segments that may go: wholly forwarded (behind `position`), not the active (newest) one, and
 * wholly before `retain`, from where a restart replays into the detectors. Forwarded bytes kept for
 * replay are bounded by `maxBytes` as well: past it the oldest go anyway (`cut`), and a replay then
 * starts later than the snapshot it continues, which the logs must say.
 */
export function segmentsToDelete(
  segments: readonly Segment[],
  position: JournalPosition,
  retain: JournalPosition | undefined,
  maxBytes: number,
): { done: Segment[]; cut: boolean } {
  const active = segments.at(-1);
  const behind = (p: JournalPosition, s: Segment) =>
    s.seq < p.segment || (s.seq === p.segment && p.offset >= s.size);
  const forwarded = segments.filter((s) => s !== active && behind(position, s));
  let kept = forwarded.reduce((sum, s) => sum + s.size, 0);
  let cut = false;
  const done = forwarded.filter((s) => {
    if (retain === undefined || behind(retain, s)) {
      kept -= s.size;
      return true;
    }
    if (kept <= maxBytes) return false;
    kept -= s.size;
    cut = true;
    return true;
  });
  return { done, cut };
}
