import { ApiProperty } from '@nestjs/swagger';
import type { DetectorKind } from '../sensor-config';
import { DetectorParamsDto } from './detector-params.dto';
import { DetectorStateDto } from './detector-state.dto';
import { ConfiguredDetectorDto, KIND_PROPERTY } from './detector.dto';

/** One series' detector: parameters in effect, model state, and the config entry behind them. */
export class DetectorDetailDto {
  @ApiProperty({ example: 'Line1' })
  line!: string;

  @ApiProperty({ example: 'Press 1' })
  machine!: string;

  @ApiProperty({ example: 'Temp' })
  sensor!: string;

  @ApiProperty(KIND_PROPERTY)
  kind!: DetectorKind;

  @ApiProperty({ type: DetectorParamsDto, description: 'The parameters the detector scores with' })
  params!: DetectorParamsDto;

  @ApiProperty({
    type: DetectorStateDto,
    nullable: true,
    description: 'The model; null until the series sent its first sample',
  })
  state!: DetectorStateDto | null;

  @ApiProperty({
    type: ConfiguredDetectorDto,
    description:
      'The config entry in effect (the most specific match). After a change through this API it ' +
      'is the entry for exactly this line, machine and sensor',
  })
  entry!: ConfiguredDetectorDto;
}
