import {
  ApiProperty,
  IntersectionType,
  OmitType,
  PartialType,
  PickType,
  getSchemaPath,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, ValidateNested } from 'class-validator';
import { GenericSensorDto } from './generic-sensor.dto';
import { GenericStateDto } from './generic-state.dto';
import { SampleHeaderDto } from './sample-header.dto';
import { VibrationSensorDto } from './vibration-sensor.dto';
import { CompiledValidation } from '../../common/validation/compiled-check';

/** More items in one batch answer 413. */
export const MAX_BATCH_SAMPLES = 10_000;

export const BATCH_ITEM_TYPES = ['sensor', 'state', 'vibration'] as const;
export type BatchItemType = (typeof BATCH_ITEM_TYPES)[number];

/** What every item has: its kind. Also what an item of an unknown Type is validated as. */
export class BatchItemDto {
  @ApiProperty({ enum: BATCH_ITEM_TYPES, description: 'Which single route this item stands for' })
  @IsIn(BATCH_ITEM_TYPES)
  Type!: BatchItemType;
}

/** An item may name its own line and machine; when it does not, the batch's apply. */
class ItemNames extends PartialType(
  PickType(SampleHeaderDto, ['LineName', 'MachineName'] as const),
) {}

const NAMES = ['LineName', 'MachineName'] as const;

// The item classes are the single-sample DTOs with optional names: one definition of each field.
export class BatchSensorItemDto extends IntersectionType(
  BatchItemDto,
  ItemNames,
  OmitType(GenericSensorDto, NAMES),
) {
  @ApiProperty({ enum: ['sensor'], example: 'sensor' })
  override Type!: 'sensor';
}

export class BatchStateItemDto extends IntersectionType(
  BatchItemDto,
  ItemNames,
  OmitType(GenericStateDto, NAMES),
) {
  @ApiProperty({ enum: ['state'], example: 'state' })
  override Type!: 'state';
}

export class BatchVibrationItemDto extends IntersectionType(
  BatchItemDto,
  ItemNames,
  OmitType(VibrationSensorDto, NAMES),
) {
  @ApiProperty({ enum: ['vibration'], example: 'vibration' })
  override Type!: 'vibration';
}

export type BatchItem = BatchSensorItemDto | BatchStateItemDto | BatchVibrationItemDto;

export const BATCH_ITEM_CLASSES = {
  sensor: BatchSensorItemDto,
  state: BatchStateItemDto,
  vibration: BatchVibrationItemDto,
} as const;

/**
 * Samples an IPC buffered, stored all or nothing: one bad item refuses the whole batch, and the
 * 400 names every bad field as `Samples[i].Field`.
 */
@CompiledValidation()
export class BatchDto extends PickType(SampleHeaderDto, NAMES) {
  @ApiProperty({
    type: 'array',
    minItems: 1,
    maxItems: MAX_BATCH_SAMPLES,
    description: `Samples in any order (scored in time order); more than ${MAX_BATCH_SAMPLES} answer 413`,
    items: {
      oneOf: Object.values(BATCH_ITEM_CLASSES).map((c) => ({ $ref: getSchemaPath(c) })),
      discriminator: {
        propertyName: 'Type',
        mapping: Object.fromEntries(
          Object.entries(BATCH_ITEM_CLASSES).map(([type, c]) => [type, getSchemaPath(c)]),
        ),
      },
    },
  })
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => BatchItemDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'Type',
      subTypes: Object.entries(BATCH_ITEM_CLASSES).map(([name, value]) => ({ name, value })),
    },
  })
  Samples!: BatchItem[];
}
