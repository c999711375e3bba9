import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const TIME = { format: 'date-time', example: '2025-03-01T06:12:30.250Z' } as const;

export class StateValueDto {
  @ApiProperty({ example: 'MachineState' })
  name!: string;
  @ApiProperty({ type: 'integer', example: 3, description: 'Booleans arrive as 1/0' })
  value!: number;
  @ApiProperty({ ...TIME, description: 'Sample time' })
  time!: string;
}

export class SensorValueDto {
  @ApiProperty({ example: 'Temp' })
  name!: string;
  @ApiProperty({ example: 61.8 })
  value!: number;
  @ApiProperty({ ...TIME, description: 'Sample time' })
  time!: string;
  @ApiPropertyOptional({ example: false, description: 'Only for analysed sensors (as the rest)' })
  anomaly?: boolean;
  @ApiPropertyOptional({ example: 0.42, description: 'Signed z-score' })
  zScore?: number;
  @ApiPropertyOptional({ example: 61.3 })
  modelAvg?: number;
  @ApiPropertyOptional({ example: 1.2, description: 'σ the z-score was computed with' })
  modelStd?: number;
  @ApiPropertyOptional({ example: 0.04 })
  anomalyRatio?: number;
  @ApiPropertyOptional({ example: 2 })
  threshold?: number;
}

export class SampleAnalyticsDto {
  @ApiProperty({ example: false })
  anomaly!: boolean;
  @ApiProperty({ example: 0.42 })
  zScore!: number;
  @ApiProperty({ example: 1.71 })
  modelAvg!: number;
  @ApiProperty({ example: 0.12 })
  modelStd!: number;
  @ApiProperty({ example: 0 })
  anomalyRatio!: number;
  @ApiProperty({ example: 2 })
  threshold!: number;
}

export class VibrationValueDto {
  @ApiProperty({ example: 'SpindleVib' })
  name!: string;
  @ApiProperty({ example: 1.1 })
  x!: number;
  @ApiProperty({ example: 0.9 })
  y!: number;
  @ApiProperty({ example: 0.8 })
  z!: number;
  @ApiProperty({ example: 1.63, description: '√(x² + y² + z²)' })
  total!: number;
  @ApiProperty({ ...TIME, description: 'Sample time' })
  time!: string;
  @ApiPropertyOptional({ type: SampleAnalyticsDto, description: 'Only for analysed sensors' })
  analytics?: SampleAnalyticsDto;
}

export class MachineStatusDto {
  @ApiProperty({ example: 'Press 1' })
  machineName!: string;
  @ApiProperty({ ...TIME, description: 'When this instance last received a sample of the machine' })
  lastSeen!: string;
  @ApiProperty({ ...TIME, description: 'Newest sample time of the machine (the PLC’s clock)' })
  lastSampleTime!: string;
  @ApiProperty({ example: false, description: 'Nothing arrived for STALE_AFTER_MS or longer' })
  stale!: boolean;
  @ApiProperty({ type: [StateValueDto] })
  states!: StateValueDto[];
  @ApiProperty({ type: [SensorValueDto] })
  sensors!: SensorValueDto[];
  @ApiProperty({ type: [VibrationValueDto] })
  vibrations!: VibrationValueDto[];
}

export class LineStatusDto {
  @ApiProperty({ example: 'Line1' })
  lineName!: string;
  @ApiProperty({ type: [MachineStatusDto], description: 'By machine name' })
  machines!: MachineStatusDto[];
}
