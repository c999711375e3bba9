/**
 * Where the writers' durable logs stand: the journal's segment files, or the embedded line-protocol
 * files. A position names one file of the log (its base name; names sort in log order) and a byte
 * offset in it, at a boundary between writes. State derived from written points (the detectors,
 * line status) is snapshotted with a position and rebuilt by replaying the log from there.
 */
export interface LogPosition {
  log: 'journal' | 'line-protocol-file';
  file: string;
  offset: number;
}

/** Lines read back from a log, in the order they were written. */
export interface LogBatch {
  lines: string[];
  /** Just after these lines. */
  end: LogPosition;
  /** When they were written (epoch ms), where the log records it. */
  writtenAt?: number;
}

/** Log order; positions of different logs are not comparable and throw. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.log !== b.log) throw new Error(`Cannot compare a ${a.log} and a ${b.log} position`);
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.offset - b.offset;
}

export function isLogPosition(value: unknown): value is LogPosition {
  const v = value as Partial<LogPosition> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.log === 'journal' || v.log === 'line-protocol-file') &&
    typeof v.file === 'string' &&
    Number.isSafeInteger(v.offset) &&
    v.offset! >= 0
  );
}
