import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';

export class LineAnomalyDto {
  @ApiProperty({
    example: '2025-03-01T06:12:30.250Z',
    format: 'date-time',
    description: 'Sample time',
  })
  time!: string;

  @ApiProperty({ example: 'Line1' })
  lineName!: string;

  @ApiProperty({ example: 'Press 1' })
  machineName!: string;

  @ApiProperty({ example: 'Temp' })
  sensorName!: string;

  @ApiProperty({ enum: ['sensor', 'vibration'], example: 'sensor' })
  kind!: 'sensor' | 'vibration';

  @ApiProperty({ example: 87.5, description: 'Scored value (the RMS total for vibration)' })
  value!: number;

  @ApiProperty({ example: 4.2, description: 'Signed z-score' })
  zScore!: number;

  @ApiProperty({ example: 61.3 })
  modelAvg!: number;

  @ApiProperty({ example: 2, description: '|z| above this is an anomaly' })
  threshold!: number;

  @ApiProperty({ example: 0.04, description: 'Share of anomalies among the recent scored values' })
  anomalyRatio!: number;
}

/** One ended run of anomalies of a series (an AnomalyEvent point). */
export class LineAnomalyEventDto extends PickType(LineAnomalyDto, [
  'lineName',
  'machineName',
  'sensorName',
  'kind',
] as const) {
  @ApiProperty({
    example: '2025-03-01T06:12:30.250Z',
    format: 'date-time',
    description: 'Sample time of the first anomaly of the run',
  })
  start!: string;

  @ApiProperty({
    example: '2025-03-01T06:12:39.250Z',
    format: 'date-time',
    description: 'Sample time of the last anomaly of the run',
  })
  end!: string;

  @ApiProperty({ type: 'integer', example: 10, description: 'Anomalies in the run' })
  samples!: number;

  @ApiProperty({
    example: -7.4,
    description: 'The z-score of largest magnitude in the run, signed',
  })
  peakZ!: number;

  @ApiProperty({ example: 7.4, description: '|peakZ|' })
  peakAbsZ!: number;
}

export class LineAnomaliesDto {
  @ApiProperty({ example: 'Line1' })
  lineName!: string;

  @ApiProperty({
    enum: ['influxdb', 'memory'],
    example: 'influxdb',
    description:
      'influxdb: read from InfluxDB (survives restarts). memory: embedded mode, only anomalies ' +
      'since this instance started, bounded by RECENT_ANOMALIES_SIZE',
  })
  source!: 'influxdb' | 'memory';

  @ApiProperty({
    type: [LineAnomalyDto],
    description: 'Anomalous samples, newest first; empty when kind=events',
  })
  anomalies!: LineAnomalyDto[];

  @ApiPropertyOptional({
    type: [LineAnomalyEventDto],
    description:
      'Only with kind=events or kind=all: ended runs of anomalies, latest start first. A run ' +
      'still going on is not listed until a normal sample ends it',
  })
  events?: LineAnomalyEventDto[];
}
