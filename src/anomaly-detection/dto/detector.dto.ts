import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DetectorKind } from '../sensor-config';
import { DetectorParamsDto } from './detector-params.dto';
import { DetectorStateDto } from './detector-state.dto';

/** The kind of a detector: which config file lists its sensor. */
export const KIND_PROPERTY = {
  enum: ['sensor', 'vibration'],
  enumName: 'DetectorKind',
  example: 'sensor',
  description:
    'sensor: listed in the generic sensors file; vibration: in the vibration sensors file',
};

/** A detector that has seen at least one sample. */
export class DetectorDto {
  @ApiProperty({ example: 'Line1' })
  line!: string;

  @ApiProperty({ example: 'Press 1' })
  machine!: string;

  @ApiProperty({ example: 'Temp' })
  sensor!: string;

  @ApiProperty(KIND_PROPERTY)
  kind!: DetectorKind;

  @ApiProperty({ type: DetectorParamsDto })
  params!: DetectorParamsDto;

  @ApiProperty({ type: DetectorStateDto })
  state!: DetectorStateDto;
}

/** An entry of a config file, listed even before a sample came. */
export class ConfiguredDetectorDto {
  @ApiProperty({ example: 'Temp', description: 'Sensor name, matched exactly' })
  name!: string;

  @ApiPropertyOptional({ example: 'Line1', description: 'Absent: the entry applies to every line' })
  line?: string;

  @ApiPropertyOptional({
    example: 'Press 1',
    description: 'Absent: the entry applies to every machine',
  })
  machine?: string;

  @ApiProperty(KIND_PROPERTY)
  kind!: DetectorKind;

  @ApiProperty({
    type: DetectorParamsDto,
    description: "The entry's parameters, the unspecified ones taken from the configured defaults",
  })
  params!: DetectorParamsDto;
}
