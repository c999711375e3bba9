import { ApiProperty } from '@nestjs/swagger';

/** A detector's model as it stands now. */
export class DetectorStateDto {
  @ApiProperty({
    type: 'integer',
    example: 25,
    description: 'Values in the model; equals window once warmed up',
  })
  filled!: number;

  @ApiProperty({ example: 10.48, description: 'Mean of the model' })
  mean!: number;

  @ApiProperty({
    example: 0.5099,
    description: 'σ the next value is scored against (floored at minStd); 0 while warming up',
  })
  std!: number;

  @ApiProperty({
    type: 'integer',
    example: 1200,
    description: 'Samples scored so far (warm-up values are not scored)',
  })
  scored!: number;

  @ApiProperty({
    example: 0.04,
    description: 'Anomalies among the last min(ratioWindow, scored) scored samples',
  })
  anomalyRatio!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Length of the current run of anomalies',
  })
  consecutiveAnomalies!: number;
}
