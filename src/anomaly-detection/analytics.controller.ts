import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { ErrorBody } from '../common/errors/error-body';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { DetectorListDto } from './dto/detector-list.dto';
import { DetectorListQueryDto } from './dto/detector-list-query.dto';

@ApiTags('analytics')
@Roles('mes')
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnomalyDetectionService) {}

  @Get('detectors')
  @ApiOperation({
    summary: 'List anomaly detectors with their parameters and model state',
    description:
      'detectors: one per (line, machine, sensor, kind) that has received a sample. configured: the ' +
      'entries of the analytics config files, so what is listed shows before any sample came. ' +
      'line/machine filter both lists; a config entry without a line or machine applies to all.',
    operationId: 'listDetectors',
  })
  @ApiOkResponse({
    type: DetectorListDto,
    description: 'Live detectors and configured entries',
    example: {
      detectors: [
        {
          line: 'Line1',
          machine: 'Press 1',
          sensor: 'Temp',
          kind: 'sensor',
          params: { window: 25, threshold: 2, ratioWindow: 25, rebaselineAfter: 0, minStd: 0.001 },
          state: {
            filled: 25,
            mean: 10.48,
            std: 0.5099,
            scored: 1,
            anomalyRatio: 1,
            consecutiveAnomalies: 1,
          },
        },
      ],
      configured: [
        {
          name: 'Temp',
          kind: 'sensor',
          params: { window: 25, threshold: 2, ratioWindow: 25, rebaselineAfter: 0, minStd: 0.001 },
        },
      ],
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'A filter is not a valid name' })
  listDetectors(@Query() query: DetectorListQueryDto): DetectorListDto {
    const filter = { line: query.line, machine: query.machine };
    return {
      detectors: this.analytics.listDetectors(filter),
      configured: this.analytics.listConfigured(filter),
    };
  }
}
