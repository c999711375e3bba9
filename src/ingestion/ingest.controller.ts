import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { ApiIngestErrors } from './api-ingest-responses.decorator';
import { GenericSensorDto } from './dto/generic-sensor.dto';
import { GenericStateDto } from './dto/generic-state.dto';
import { AcceptedDto } from './dto/ingest-responses.dto';
import { VibrationSensorDto } from './dto/vibration-sensor.dto';
import { IngestionService } from './ingestion.service';
import { sensorSample, stateSample, vibrationSample } from './sample.mapper';

/** The versioned ingest routes: same DTOs and pipeline as the legacy ones, a plain 202 answer. */
@ApiTags('ingestion')
@Roles('ingest')
@Controller('api/v1/ingest')
export class IngestController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post('state')
  @HttpCode(202)
  @ApiOperation({ operationId: 'ingestState', summary: 'Store one machine state' })
  @ApiBody({ type: GenericStateDto })
  @ApiAcceptedResponse({ description: 'Stored durably', type: AcceptedDto })
  @ApiIngestErrors()
  async state(@Body() dto: GenericStateDto): Promise<AcceptedDto> {
    return { accepted: await this.ingestion.ingest([stateSample(dto, Date.now())]) };
  }

  @Post('sensor')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'ingestSensor',
    summary: 'Store one sensor value (scored when analysed)',
  })
  @ApiBody({ type: GenericSensorDto })
  @ApiAcceptedResponse({ description: 'Stored durably', type: AcceptedDto })
  @ApiIngestErrors()
  async sensor(@Body() dto: GenericSensorDto): Promise<AcceptedDto> {
    return { accepted: await this.ingestion.ingest([sensorSample(dto, Date.now())]) };
  }

  @Post('vibration')
  @HttpCode(202)
  @ApiOperation({ operationId: 'ingestVibration', summary: 'Store one vibration RMS sample' })
  @ApiBody({ type: VibrationSensorDto })
  @ApiAcceptedResponse({ description: 'Stored durably', type: AcceptedDto })
  @ApiIngestErrors()
  async vibration(@Body() dto: VibrationSensorDto): Promise<AcceptedDto> {
    return { accepted: await this.ingestion.ingest([vibrationSample(dto, Date.now())]) };
  }
}
