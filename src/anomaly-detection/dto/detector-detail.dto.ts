import { ApiProperty, OmitType } from '@nestjs/swagger';
import { DetectorStateDto } from './detector-state.dto';
import { ConfiguredDetectorDto, DetectorDto } from './detector.dto';

/** One series' detector: parameters in effect, model state, and the config entry behind them. */
export class DetectorDetailDto extends OmitType(DetectorDto, ['state'] as const) {
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
