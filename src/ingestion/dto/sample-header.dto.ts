import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsSampleName, IsTimeStamp } from '../validation/sample-validators';

/** Fields every PLC sample carries, PascalCase as the old server took them. */
export class SampleHeaderDto {
  @ApiProperty({ example: 'Line1', minLength: 1, maxLength: 128, description: 'Production line' })
  @IsSampleName()
  LineName!: string;

  @ApiProperty({ example: 'Press 1', minLength: 1, maxLength: 128 })
  @IsSampleName()
  MachineName!: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', format: 'int64', description: 'epoch milliseconds' },
      { type: 'string', description: 'epoch milliseconds as digits, or ISO-8601 (no zone = UTC)' },
    ],
    example: 1764000000000,
    description:
      'Sample time; missing = time of receipt. Must lie between 2000-01-01 and now + MAX_CLOCK_SKEW_MS.',
  })
  @IsOptional()
  @IsTimeStamp()
  TimeStamp?: number | string;
}
