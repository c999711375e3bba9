import { Injectable } from '@nestjs/common';
import type { Sample } from '../common/domain/sample';
import { AnomalyDetectionService } from '../anomaly-detection/anomaly-detection.service';
import { MetricsService } from '../health/metrics.service';
import { LatestState } from '../mes/line-status/latest-state';
import { PointMapper } from '../persistence/point.mapper';
import { PointWriter } from '../persistence/point-writer';

/**
 * The pipeline, one direction: samples → detectors → points → durable writer. It resolves only
 * once the writer made the points durable, so the controller never acknowledges from memory.
 */
@Injectable()
export class IngestionService {
  constructor(
    private readonly detection: AnomalyDetectionService,
    private readonly mapper: PointMapper,
    private readonly writer: PointWriter,
    private readonly latest: LatestState,
    private readonly metrics: MetricsService,
  ) {}

  async ingest(samples: Sample[]): Promise<number> {
    const scored = this.detection.score(samples);
    await this.writer.write(this.mapper.toPoints(scored));
    // Only durable data shows in line status: what the MES sees is journaled or stored.
    this.latest.record(scored);
    for (const s of samples) this.metrics.samplesAccepted.inc({ kind: s.kind });
    return samples.length;
  }
}
