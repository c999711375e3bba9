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
