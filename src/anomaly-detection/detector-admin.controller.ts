import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { ErrorBody } from '../common/errors/error-body';
import { DetectorAdminService, DetectorDetail } from './detector-admin.service';
import { DetectorDetailDto } from './dto/detector-detail.dto';
import { DetectorKeyDto } from './dto/detector-key.dto';
import { UpdateDetectorParamsDto } from './dto/update-detector-params.dto';

const ONE = ':kind/:line/:machine/:sensor';

const EXAMPLE: DetectorDetailDto = {
  line: 'Line1',
  machine: 'Press 1',
  sensor: 'Temp',
  kind: 'sensor',
  params: { window: 100, threshold: 3.5, ratioWindow: 25, rebaselineAfter: 10, minStd: 0.001 },
  state: {
    filled: 100,
    mean: 61.27,
    std: 0.84,
    scored: 5210,
    anomalyRatio: 0,
    consecutiveAnomalies: 0,
  },
  entry: {
    name: 'Temp',
    kind: 'sensor',
    params: { window: 100, threshold: 3.5, ratioWindow: 25, rebaselineAfter: 10, minStd: 0.001 },
  },
};

const NOT_FOUND = 'No entry of the kind’s config file covers this line, machine and sensor';

/**
 * One detector at run time (issue 7, item 5). Changing and resetting are admin only (DESIGN
 * "Auth"; `@Roles()` names no other role); reading one is reading analytics, so `mes` may, as it
 * may read the list with the same parameters and state.
 */
@ApiTags('analytics')
@Roles()
@Controller('api/v1/analytics/detectors')
@ApiBadRequestResponse({ type: ErrorBody, description: 'A bad kind or name; `errors` names it' })
@ApiNotFoundResponse({ type: ErrorBody, description: NOT_FOUND })
export class DetectorAdminController {
  constructor(private readonly admin: DetectorAdminService) {}

  @Get(ONE)
  @Roles('mes')
  @ApiOperation({
    operationId: 'getDetector',
    summary: 'One detector: its parameters, model state and the config entry in effect',
    description:
      'Names are matched exactly; URL-encode them (a space is %20, a slash %2F). A series that ' +
      'a config entry covers but that has sent no sample yet answers with `state: null`.',
  })
  @ApiOkResponse({ type: DetectorDetailDto, example: EXAMPLE })
  getDetector(@Param() key: DetectorKeyDto): DetectorDetail {
    return this.admin.get(key);
  }

  @Patch(`${ONE}/params`)
  @ApiOperation({
    operationId: 'updateDetectorParams',
    summary: 'Change one detector’s parameters; persisted to its config file, then applied',
    description:
      'The fields given replace the current values. The change is written first, atomically, to ' +
      'ANALYTICS_GENERIC_SENSORS_FILE (kind sensor) or ANALYTICS_VIBRATION_SENSORS_FILE (kind ' +
      'vibration) as the entry `{name, line, machine, window, threshold, ratioWindow, ' +
      'rebaselineAfter, minStd}` of exactly this series (other entries are kept as written), ' +
      'then applied to the running detector: its newest W values and N flags are kept, the ' +
      'current anomaly run restarts. Sending the current values again changes nothing.',
  })
  @ApiOkResponse({ type: DetectorDetailDto, description: 'The detector after the change' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'The config file was edited on disk into something invalid; nothing was changed',
  })
  updateDetectorParams(
    @Param() key: DetectorKeyDto,
    @Body() body: UpdateDetectorParamsDto,
  ): Promise<DetectorDetail> {
    return this.admin.updateParams(key, body);
  }

  @Post(`${ONE}/reset`)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resetDetector',
    summary: 'Reset one detector: its model is forgotten and warms up again',
    description:
      'The parameters stay. Resends are still recognised, and an anomaly run in progress is ' +
      'still closed (as an AnomalyEvent) by the next normal sample. No request body.',
  })
  @ApiOkResponse({ type: DetectorDetailDto, description: 'The detector after the reset' })
  resetDetector(@Param() key: DetectorKeyDto): Promise<DetectorDetail> {
    return this.admin.reset(key);
  }
}
