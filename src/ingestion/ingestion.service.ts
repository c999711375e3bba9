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
    const scored = this.detection.score(inTimeOrder(samples));
    await this.writer.write(this.mapper.toPoints(scored));
    // Only durable data shows in line status: what the MES sees is journaled or stored.
    this.latest.record(scored);
    this.countAccepted(samples);
    return samples.length;
  }

  /** One counter update per kind, not per sample: a labelled inc costs a label lookup each. */
  private countAccepted(samples: readonly Sample[]): void {
    let states = 0;
    let sensors = 0;
    for (const s of samples) {
      if (s.kind === 'state') states++;
      else if (s.kind === 'sensor') sensors++;
    }
    const vibrations = samples.length - states - sensors;
    if (states > 0) this.metrics.samplesAccepted.inc({ kind: 'state' }, states);
    if (sensors > 0) this.metrics.samplesAccepted.inc({ kind: 'sensor' }, sensors);
    if (vibrations > 0) this.metrics.samplesAccepted.inc({ kind: 'vibration' }, vibrations);
  }
}

/**
 * Detectors score in timestamp order (DESIGN), whatever order a batch or TimeStamps list came in.
 * The sort is stable, so equal times keep the client's order; sorted input is not copied.
 */
export function inTimeOrder(samples: Sample[]): Sample[] {
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].time < samples[i - 1].time) {
      return [...samples].sort((a, b) => a.time - b.time);
    }
  }
  return samples;
}
