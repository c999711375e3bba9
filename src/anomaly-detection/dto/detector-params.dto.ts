import { ApiProperty } from '@nestjs/swagger';

/** W, T, N, K, S of a detector (DESIGN "z-score semantics"). */
export class DetectorParamsDto {
  @ApiProperty({
    type: 'integer',
    example: 25,
    minimum: 2,
    description: 'W: normal values the model holds',
  })
  window!: number;

  @ApiProperty({
    example: 2,
    exclusiveMinimum: true,
    minimum: 0,
    description: 'T: |z| above this is an anomaly',
  })
  threshold!: number;

  @ApiProperty({
    type: 'integer',
    example: 25,
    minimum: 1,
    description: 'N: scored samples the anomaly ratio looks back over',
  })
  ratioWindow!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    minimum: 0,
    description: 'K: consecutive anomalies after which the model re-baselines (0 = never)',
  })
  rebaselineAfter!: number;

  @ApiProperty({ example: 0.001, description: 'S: floor of the model standard deviation' })
  minStd!: number;
}
