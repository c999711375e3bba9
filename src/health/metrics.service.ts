import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus metrics, one registry per app instance (tests boot several apps in one
 * process, and prom-client's global registry refuses a second metric of the same name).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly samplesAccepted = new Counter({
    name: 'iiot_samples_accepted_total',
    help: 'Samples acknowledged to a client (durable)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly requestsRejected = new Counter({
    name: 'iiot_requests_rejected_total',
    help: 'Ingest requests refused, by HTTP status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly anomalies = new Counter({
    name: 'iiot_anomalies_total',
    help: 'Samples scored as anomalies',
    registers: [this.registry],
  });
  readonly detectors = new Gauge({
    name: 'iiot_detectors',
    help: 'Live anomaly detectors',
    registers: [this.registry],
  });
  readonly stateSnapshotSeconds = new Histogram({
    name: 'iiot_state_snapshot_seconds',
    help: 'Time to take and write one detector and line-status snapshot',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    registers: [this.registry],
  });
  readonly stateSnapshotTime = new Gauge({
    name: 'iiot_state_snapshot_timestamp_seconds',
    help: 'When the last state snapshot was written (Unix time); alert when it falls behind',
    registers: [this.registry],
  });
  readonly stateSnapshotFailures = new Counter({
    name: 'iiot_state_snapshot_failures_total',
    help: 'State snapshots that could not be written',
    registers: [this.registry],
  });
  readonly pointsWritten = new Counter({
    name: 'iiot_points_written_total',
    help: 'Points made durable by the writer',
    labelNames: ['writer'] as const,
    registers: [this.registry],
  });
  readonly writesFailed = new Counter({
    name: 'iiot_writes_failed_total',
    help: 'Write attempts that failed, by writer and reason',
    labelNames: ['writer', 'reason'] as const,
    registers: [this.registry],
  });
  readonly writeBatchPoints = new Histogram({
    name: 'iiot_write_batch_points',
    help: 'Points per write (group commit size)',
    labelNames: ['writer'] as const,
    buckets: [1, 5, 20, 100, 500, 1000, 5000, 20000],
    registers: [this.registry],
  });
  readonly writeSeconds = new Histogram({
    name: 'iiot_write_duration_seconds',
    help: 'Duration of one durable write',
    labelNames: ['writer'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly writeBacklog = new Gauge({
    name: 'iiot_write_backlog_points',
    help: 'Points waiting to be made durable',
    labelNames: ['writer'] as const,
    registers: [this.registry],
  });

  readonly journalBacklogPoints = new Gauge({
    name: 'iiot_journal_backlog_points',
    help: 'Points acknowledged (journaled) and not yet confirmed by InfluxDB',
    registers: [this.registry],
  });
  readonly journalBacklogBytes = new Gauge({
    name: 'iiot_journal_backlog_bytes',
    help: 'Journal bytes not yet confirmed by InfluxDB (compared with JOURNAL_MAX_BYTES)',
    registers: [this.registry],
  });
  readonly journalDiskBytes = new Gauge({
    name: 'iiot_journal_disk_bytes',
    help: 'Journal segment bytes on disk (the backlog plus the forwarded head of a segment)',
    registers: [this.registry],
  });
  readonly journalOldestUnsentSeconds = new Gauge({
    name: 'iiot_journal_oldest_unsent_age_seconds',
    help: 'Age of the oldest journaled point not yet in InfluxDB (0 when none)',
    registers: [this.registry],
  });
  readonly forwardRetries = new Counter({
    name: 'iiot_journal_forward_retries_total',
    help: 'Failed attempts to forward a journal batch to InfluxDB, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly deadLetterPoints = new Counter({
    name: 'iiot_dead_letter_points_total',
    help: 'Points InfluxDB refused as data, kept in the dead-letter file',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
