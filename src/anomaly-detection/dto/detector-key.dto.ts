import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsSampleName } from '../../ingestion/validation/sample-validators';
import type { DetectorKind } from '../sensor-config';
import { KIND_PROPERTY } from './detector.dto';

const NAME = { minLength: 1, maxLength: 128 };

/** Path of one detector: /api/v1/analytics/detectors/{kind}/{line}/{machine}/{sensor}. */
export class DetectorKeyDto {
  @ApiProperty(KIND_PROPERTY)
  @IsIn(['sensor', 'vibration'])
  kind!: DetectorKind;

  @ApiProperty({ ...NAME, example: 'Line1', description: 'LineName, URL-encoded' })
  @IsSampleName()
  line!: string;

  @ApiProperty({ ...NAME, example: 'Press 1', description: 'MachineName, URL-encoded' })
  @IsSampleName()
  machine!: string;

  @ApiProperty({ ...NAME, example: 'Temp', description: 'SensorName, URL-encoded' })
  @IsSampleName()
  sensor!: string;
}
