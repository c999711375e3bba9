import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { ApiIngestErrors } from './api-ingest-responses.decorator';
import { GenericSensorDto } from './dto/generic-sensor.dto';
import { GenericStateDto } from './dto/generic-state.dto';
import {
  LEGACY_SENSOR_ANSWER,
  LEGACY_STATE_ANSWER,
  legacyAnswerSchema,
} from './dto/ingest-responses.dto';
import { VibrationSensorDto } from './dto/vibration-sensor.dto';
import { IngestionService } from './ingestion.service';
import { sensorSample, stateSample, vibrationSample } from './sample.mapper';

/**
 * The old server's routes, unchanged on the wire: unmodified PLC programs post here and may
 * compare the answer, so it is 200 with the old array body.
 */
@ApiTags('ingestion')
@Roles('ingest')
@Controller()
export class LegacyIngestController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post('generic-state')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postGenericStateLegacy',
    summary: 'Store one machine state (legacy route)',
  })
  @ApiBody({ type: GenericStateDto })
  @ApiOkResponse({
    description: 'Stored durably',
    schema: legacyAnswerSchema('State read successfully'),
  })
  @ApiIngestErrors()
  async genericState(@Body() dto: GenericStateDto): Promise<typeof LEGACY_STATE_ANSWER> {
    await this.ingestion.ingest([stateSample(dto, Date.now())]);
    return LEGACY_STATE_ANSWER;
  }

  @Post('generic-sensor')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postGenericSensorLegacy',
    summary: 'Store one sensor value, scored when the sensor is analysed (legacy route)',
  })
  @ApiBody({ type: GenericSensorDto })
  @ApiOkResponse({
    description: 'Stored durably',
    schema: legacyAnswerSchema('Sensor read successfully'),
  })
  @ApiIngestErrors()
  async genericSensor(@Body() dto: GenericSensorDto): Promise<typeof LEGACY_SENSOR_ANSWER> {
    await this.ingestion.ingest([sensorSample(dto, Date.now())]);
    return LEGACY_SENSOR_ANSWER;
  }

  @Post('vibration-sensor')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postVibrationSensorLegacy',
    summary: 'Store one vibration RMS sample, scored on the total when analysed (legacy route)',
  })
  @ApiBody({ type: VibrationSensorDto })
  @ApiOkResponse({
    description: 'Stored durably',
    schema: legacyAnswerSchema('Sensor read successfully'),
  })
  @ApiIngestErrors()
  async vibrationSensor(@Body() dto: VibrationSensorDto): Promise<typeof LEGACY_SENSOR_ANSWER> {
    await this.ingestion.ingest([vibrationSample(dto, Date.now())]);
    return LEGACY_SENSOR_ANSWER;
  }
}
