import { Controller, Get, Header } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPublic } from '../common/openapi/api-public.decorator';
import { NotFoundError } from '../common/errors/domain-errors';
import { ErrorBody } from '../common/errors/error-body';
import type { AppConfig } from '../config';
import { PointWriter } from '../persistence/point-writer';
import { MetricsService } from './metrics.service';

@ApiTags('health')
@ApiPublic()
@Controller('metrics')
export class MetricsController {
  private readonly enabled: boolean;

  constructor(
    private readonly metrics: MetricsService,
    private readonly writer: PointWriter,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('metrics', { infer: true }).enabled;
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (METRICS_ENABLED=false closes it)',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'Metrics are switched off', type: ErrorBody })
  async scrape(): Promise<string> {
    if (!this.enabled) throw new NotFoundError('Metrics are disabled (METRICS_ENABLED=false)');
    const health = this.writer.health();
    this.metrics.writeBacklog.set({ writer: health.kind }, health.backlog);
    if (health.journal) {
      this.metrics.journalBacklogPoints.set(health.journal.backlogPoints);
      this.metrics.journalBacklogBytes.set(health.journal.backlogBytes);
      this.metrics.journalDiskBytes.set(health.journal.diskBytes);
      this.metrics.journalOldestUnsentSeconds.set(health.journal.oldestUnsentAgeSeconds);
    }
    return this.metrics.registry.metrics();
  }
}
