import type { Point } from '@influxdata/influxdb-client';
import type { LogBatch, LogPosition } from './durable-log';

/** What readiness and /metrics show about the durable path. */
export interface WriterHealth {
  /** Can a write be accepted and kept right now? */
  ready: boolean;
  /** 'influxdb' or 'line-protocol-file'. */
  kind: string;
  /** Human-readable state, e.g. "connected", "unreachable: ECONNREFUSED", "database missing". */
  detail: string;
  /** InfluxDB version from /ping, when known. */
  version?: string;
  /** 'v1' or 'v2' once detected. */
  api?: string;
  /** Points accepted and not yet in their final store (InfluxDB, or the file). */
  backlog: number;
  /** With an InfluxDB configured: the journal in front of it. */
  journal?: JournalHealth;
  /** With an InfluxDB configured: InfluxDB's own state, whatever the journal's. */
  influxdb?: InfluxHealth;
}

export interface JournalHealth {
  /** Not at JOURNAL_MAX_BYTES and the last append succeeded. */
  accepting: boolean;
  detail: string;
  backlogPoints: number;
  backlogBytes: number;
  diskBytes: number;
  maxBytes: number;
  /** Age of the oldest point not yet in InfluxDB; 0 when none. */
  oldestUnsentAgeSeconds: number;
  deadLetterFile: string;
}

export interface InfluxHealth {
  /** InfluxDB took the last write or probe. */
  ready: boolean;
  /** "connected", or what is wrong, naming the token, bucket or database when it is theirs. */
  detail: string;
  version?: string;
  api?: string;
}

/**
 * Port to durable storage. `write()` resolves only when the points are durable under the adapter's
 * promise (fsync'd in the journal that forwards them to InfluxDB, or in the line-protocol file). It
 * rejects with StorageUnavailableError when that cannot happen now (journal full, disk failing), or
 * StorageRejectedError when the points cannot be stored at all. Abstract class: its own DI token.
 */
export abstract class PointWriter {
  abstract write(points: Point[]): Promise<void>;
  abstract health(): WriterHealth;
  /** Finishes every accepted write; called on shutdown. */
  abstract drain(): Promise<void>;

  /** Just after everything made durable so far. */
  abstract durableEnd(): LogPosition;

  /**
   * Resolves once every write() begun before this call is durable (or refused), with the position
   * just after those points; points of later writes come after it. Detector state read in the same
   * event-loop turn as this call is therefore exactly the state the log holds up to there.
   */
  abstract checkpoint(): Promise<LogPosition>;

  /**
   * The lines made durable from `from` on (the oldest kept when undefined) up to `until` (the end
   * when undefined), in write order.
   */
  abstract replay(from: LogPosition | undefined, until?: LogPosition): AsyncIterable<LogBatch>;

  /** A snapshot covers what lies before `position`: the log need not keep it for replay. */
  abstract retainFrom(position: LogPosition): Promise<void>;
}
