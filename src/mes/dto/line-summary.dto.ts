import { ApiProperty } from '@nestjs/swagger';

export class LineSummaryDto {
  @ApiProperty({ example: 'Line1' })
  lineName!: string;

  @ApiProperty({
    type: 'integer',
    example: 3,
    description: 'Machines seen on the line since the service started',
  })
  machines!: number;

  @ApiProperty({
    example: '2025-03-01T06:12:30.412Z',
    format: 'date-time',
    description: 'When this instance last received a sample of the line',
  })
  lastSeen!: string;
}

export class LineListDto {
  @ApiProperty({ type: [LineSummaryDto], description: 'By line name' })
  lines!: LineSummaryDto[];
}
