import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class DetectorListQueryDto {
  @ApiPropertyOptional({
    example: 'Line1',
    minLength: 1,
    maxLength: 128,
    description: 'Only this line (exact name)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  line?: string;

  @ApiPropertyOptional({
    example: 'Press 1',
    minLength: 1,
    maxLength: 128,
    description: 'Only this machine (exact name)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  machine?: string;
}
