import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ArrayNotEmpty, IsInt, IsOptional, Min, ValidateIf } from 'class-validator';
import { IsTimeStamp } from '../validation/sample-validators';
import {
  AreFiniteNumbers,
  AreTimeStamps,
  HasLengthOf,
  IsAbsentWith,
  SeriesEndsInClockWindow,
} from '../validation/series-validators';
import { GenericSensorDto } from './generic-sensor.dto';
import { CompiledValidation } from '../../common/validation/compiled-check';

/** More values in one series request answer 413. */
export const MAX_SERIES_VALUES = 100_000;

/** StartTime and IntervalMs are checked unless TimeStamps replaces them (then only if sent). */
const timedByStartAndInterval = (dto: SeriesDto, value: unknown) =>
  dto.TimeStamps === undefined || dto.TimeStamps === null || value !== undefined;

/**
 * One sensor's oversampled PLC array: `Values[i]` was sampled at `StartTime + i·IntervalMs`, or at
 * `TimeStamps[i]`. Each value is stored and scored exactly as if it had been posted alone.
 */
@CompiledValidation()
export class SeriesDto extends PickType(GenericSensorDto, [
  'LineName',
  'MachineName',
  'SensorName',
] as const) {
  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', format: 'int64', description: 'epoch milliseconds' },
      { type: 'string', description: 'epoch milliseconds as digits, or ISO-8601 (no zone = UTC)' },
    ],
    example: 1764000000000,
    description: 'Time of Values[0]. Required unless TimeStamps is given.',
  })
  @ValidateIf(timedByStartAndInterval)
  @IsTimeStamp()
  @IsAbsentWith('TimeStamps')
  StartTime?: number | string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'Milliseconds between two values. Required unless TimeStamps is given.',
  })
  @ValidateIf(timedByStartAndInterval)
  @IsInt()
  @Min(1)
  @SeriesEndsInClockWindow()
  @IsAbsentWith('TimeStamps')
  IntervalMs?: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'number', format: 'double' },
    minItems: 1,
    maxItems: MAX_SERIES_VALUES,
    example: [20.1, 20.3, 20.2, 20.4],
    description: `Finite numbers; more than ${MAX_SERIES_VALUES} answer 413`,
  })
  @ArrayNotEmpty()
  @AreFiniteNumbers()
  Values!: number[];

  @ApiPropertyOptional({
    type: 'array',
    items: {
      oneOf: [{ type: 'integer', format: 'int64' }, { type: 'string' }],
    },
    maxItems: MAX_SERIES_VALUES,
    example: [1764000000000, 1764000000001, 1764000000003, 1764000000004],
    description:
      'Instead of StartTime and IntervalMs: the time of each value (same formats as TimeStamp), ' +
      'one per value. Need not be sorted: values are scored in time order.',
  })
  @IsOptional()
  @AreTimeStamps()
  @HasLengthOf('Values')
  TimeStamps?: Array<number | string>;
}
