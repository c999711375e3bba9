import { ApiProperty } from '@nestjs/swagger';
import { IsSampleName, IsStateValue } from '../validation/sample-validators';
import { SampleHeaderDto } from './sample-header.dto';
import { CompiledValidation } from '../../common/validation/compiled-check';

@CompiledValidation()
export class GenericStateDto extends SampleHeaderDto {
  @ApiProperty({ example: 'Running', minLength: 1, maxLength: 128 })
  @IsSampleName()
  StateName!: string;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'boolean' }],
    example: 1,
    description: 'Integer state; a boolean is stored as 1/0',
  })
  @IsStateValue()
  StateValue!: number | boolean;
}
