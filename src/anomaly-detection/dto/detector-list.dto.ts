import { ApiProperty } from '@nestjs/swagger';
import { ConfiguredDetectorDto, DetectorDto } from './detector.dto';

export class DetectorListDto {
  @ApiProperty({
    type: [DetectorDto],
    description: 'Live detectors, sorted by line, machine, sensor',
  })
  detectors!: DetectorDto[];

  @ApiProperty({
    type: [ConfiguredDetectorDto],
    description:
      'Entries of the analytics config files; the most specific entry matching a series configures its detector',
  })
  configured!: ConfiguredDetectorDto[];
}
