import { Controller, Get, Header } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { NeedsRoles, Public } from '../common/auth/roles.decorator';
import { NotFoundError } from '../common/errors/domain-errors';
import { ErrorBody } from '../common/errors/error-body';
import type { AppConfig } from '../config';
import { PointWriter } from '../persistence/point-writer';
import { MetricsService } from './metrics.service';

@ApiTags('health')
// Open for Prometheus unless METRICS_REQUIRE_KEY=true; then a mes or admin key is needed.
@Public((auth) => auth.metricsRequireKey)
@NeedsRoles('mes')
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
    summary: 'Prometheus metrics (METRICS_ENABLED=false switches off)',
    description:
      'Open by default. With METRICS_REQUIRE_KEY=true it needs a mes or admin key ' +
      '(X-API-Key or Authorization: Bearer), like the MES API.',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'Metrics are switched off', type: ErrorBody })
  @ApiUnauthorizedResponse({
    description: 'METRICS_REQUIRE_KEY=true and the API key is missing or unknown',
    type: ErrorBody,
  })
  @ApiForbiddenResponse({
    description: 'METRICS_REQUIRE_KEY=true and the key lacks the mes or admin role',
    type: ErrorBody,
  })
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
