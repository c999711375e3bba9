import { ApiProperty } from '@nestjs/swagger';
import { IsFiniteNumber, IsSampleName } from '../validation/sample-validators';
import { SampleHeaderDto } from './sample-header.dto';
import { CompiledValidation } from '../../common/validation/compiled-check';

@CompiledValidation()
export class VibrationSensorDto extends SampleHeaderDto {
  @ApiProperty({ example: 'Vib1', minLength: 1, maxLength: 128 })
  @IsSampleName()
  SensorName!: string;

  @ApiProperty({
    type: 'number',
    format: 'double',
    example: 0.3,
    description: 'RMS acceleration, x axis',
  })
  @IsFiniteNumber()
  VibAccelTotRmsX!: number;

  @ApiProperty({
    type: 'number',
    format: 'double',
    example: 0.4,
    description: 'RMS acceleration, y axis',
  })
  @IsFiniteNumber()
  VibAccelTotRmsY!: number;

  @ApiProperty({
    type: 'number',
    format: 'double',
    example: 1.2,
    description: 'RMS acceleration, z axis',
  })
  @IsFiniteNumber()
  VibAccelTotRmsZ!: number;
}
