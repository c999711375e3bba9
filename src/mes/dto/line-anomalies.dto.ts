import { ApiProperty } from '@nestjs/swagger';

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

  @ApiProperty({ type: [LineAnomalyDto], description: 'Newest first' })
  anomalies!: LineAnomalyDto[];
}
