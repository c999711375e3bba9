import { ApiProperty } from '@nestjs/swagger';
import { IsFiniteNumber, IsSampleName } from '../validation/sample-validators';
import { SampleHeaderDto } from './sample-header.dto';
import { CompiledValidation } from '../../common/validation/compiled-check';

@CompiledValidation()
export class GenericSensorDto extends SampleHeaderDto {
  @ApiProperty({ example: 'Temp', minLength: 1, maxLength: 128 })
  @IsSampleName()
  SensorName!: string;

  @ApiProperty({ type: 'number', format: 'double', example: 42.5 })
  @IsFiniteNumber()
  SensorValue!: number;
}
