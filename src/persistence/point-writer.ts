import type { Point } from '@influxdata/influxdb-client';

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
  /** Points queued and not yet durable. */
  backlog: number;
}

/**
 * Port to durable storage. `write()` resolves only when the points are durable under the adapter's
 * promise (InfluxDB answered 2xx; the file is fsync'd). It rejects with StorageUnavailableError when
 * that cannot happen within a bounded wait, or StorageRejectedError when the storage refuses the data.
 * Abstract class so it is its own DI token.
 */
export abstract class PointWriter {
  abstract write(points: Point[]): Promise<void>;
  abstract health(): WriterHealth;
  /** Finishes every accepted write; called on shutdown. */
  abstract drain(): Promise<void>;
}
