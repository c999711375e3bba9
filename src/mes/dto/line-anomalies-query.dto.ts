import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { parseTimeParam } from '../line-status/time-param';

export const MAX_ANOMALY_LIMIT = 10_000;
export const ANOMALY_KINDS = ['points', 'events', 'all'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];
export const DEFAULT_ANOMALY_LIMIT = 100;

/** Query strings arrive as strings (no implicit conversion): each field converts itself. */
const toTime = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (parseTimeParam(value) ?? NaN) : value;
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : value;
const TIME_MESSAGE = '$property must be an ISO-8601 date-time or epoch milliseconds';

export class LineAnomaliesQueryDto {
  @ApiPropertyOptional({
    type: 'string',
    example: '2025-03-01T00:00:00Z',
    description: 'Start (inclusive): ISO-8601 (no zone = UTC) or epoch ms. Default: `to` − 24 h',
  })
  @IsOptional()
  @Transform(toTime)
  @IsInt({ message: TIME_MESSAGE })
  from?: number;

  @ApiPropertyOptional({
    type: 'string',
    example: '1740873600000',
    description: 'End (inclusive): ISO-8601 (no zone = UTC) or epoch ms. Default: now',
  })
  @IsOptional()
  @Transform(toTime)
  @IsInt({ message: TIME_MESSAGE })
  to?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_ANOMALY_LIMIT,
    default: DEFAULT_ANOMALY_LIMIT,
    description: 'Most anomalies returned (the newest)',
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_ANOMALY_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    enum: ANOMALY_KINDS,
    default: 'points',
    description:
      'points: anomalous samples (`anomalies`). events: ended runs of anomalies (`events`; an ' +
      'event is in range when its run started in range). all: both. `limit` applies to each list',
  })
  @IsOptional()
  @IsIn(ANOMALY_KINDS)
  kind?: AnomalyKind;
}
