import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';
import { MAX_WINDOW } from '../z-score.params';

const FINITE = { allowNaN: false, allowInfinity: false };

/**
 * A change of one detector's parameters: the fields given replace the current values, the others
 * stay. The same limits as the config files (validateZScoreParams).
 */
export class UpdateDetectorParamsDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 2,
    maximum: MAX_WINDOW,
    example: 100,
    description: 'W: normal values the model holds',
  })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(MAX_WINDOW)
  window?: number;

  @ApiPropertyOptional({
    exclusiveMinimum: true,
    minimum: 0,
    example: 3.5,
    description: 'T: |z| above this is an anomaly',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @IsPositive()
  threshold?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_WINDOW,
    example: 25,
    description: 'N: scored samples the anomaly ratio looks back over',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW)
  ratioWindow?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 10,
    description: 'K: consecutive anomalies after which the model re-baselines (0 = never)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  rebaselineAfter?: number;

  @ApiPropertyOptional({
    exclusiveMinimum: true,
    minimum: 0,
    example: 0.001,
    description: 'S: floor of the model standard deviation, in signal units',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @IsPositive()
  minStd?: number;
}
