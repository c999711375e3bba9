import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../common/auth/roles.decorator';
import { ErrorBody, errorExample } from '../../common/errors/error-body';
import { LineAnomaliesQueryDto } from '../dto/line-anomalies-query.dto';
import { LineAnomaliesDto } from '../dto/line-anomalies.dto';
import { LineStatusDto } from '../dto/line-status.dto';
import { LineListDto } from '../dto/line-summary.dto';
import { LineStatusService } from './line-status.service';

const LINE_PARAM = {
  name: 'lineName',
  example: 'Line1',
  description: 'LineName as the PLCs send it',
};

@ApiTags('mes')
@Roles('mes')
@Controller('api/v1/mes/lines')
export class LinesController {
  constructor(private readonly lines: LineStatusService) {}

  @Get()
  @ApiOperation({
    operationId: 'listLines',
    summary: 'Lines this instance has received samples for since it started',
  })
  @ApiOkResponse({ type: LineListDto, description: 'Lines by name' })
  listLines(): LineListDto {
    return this.lines.listLines();
  }

  @Get(':lineName/status')
  @ApiOperation({
    operationId: 'getLineStatus',
    summary: 'Latest states, sensor values and analytics of every machine of a line',
    description:
      'Per machine: the latest value of each state, sensor and vibration sensor with its sample ' +
      'time and, for analysed sensors, the detector’s verdict; lastSeen; and stale when nothing ' +
      'arrived for STALE_AFTER_MS. Kept in memory: empty again after a restart until samples come.',
  })
  @ApiParam(LINE_PARAM)
  @ApiOkResponse({ type: LineStatusDto, description: 'Machines by name' })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'Nothing received for this line since the service started',
    example: errorExample(404, 'Nothing has been received for line "Line9"'),
  })
  getLineStatus(@Param('lineName') lineName: string): LineStatusDto {
    return this.lines.getStatus(lineName);
  }

  @Get(':lineName/anomalies')
  @ApiOperation({
    operationId: 'listLineAnomalies',
    summary: 'Anomalies of a line in a time range, newest first: samples, runs, or both',
    description:
      'From InfluxDB when one is configured (source "influxdb"), else from the in-memory ring of ' +
      'recent anomalies (source "memory"). Default range: the last 24 hours. kind=events (or ' +
      'all) lists ended runs of anomalies, the AnomalyEvent points, in `events`.',
  })
  @ApiParam(LINE_PARAM)
  @ApiOkResponse({ type: LineAnomaliesDto, description: 'Newest first, at most `limit`' })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'Bad from/to/limit; `errors` names them',
    example: errorExample(400, 'Invalid request', [
      { field: 'limit', message: 'limit must not be greater than 10000' },
    ]),
  })
  listLineAnomalies(
    @Param('lineName') lineName: string,
    @Query() query: LineAnomaliesQueryDto,
  ): Promise<LineAnomaliesDto> {
    return this.lines.listAnomalies(lineName, query);
  }
}
