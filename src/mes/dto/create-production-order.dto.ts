import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/** A required, non-blank text of at most 128 characters without control characters. */
function OrderText(example: string, description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example, description, minLength: 1, maxLength: 128 }),
    IsString(),
    MaxLength(128),
    Matches(/\S/, { message: '$property must not be empty or blank' }),
    Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' }),
  );
}

export class CreateProductionOrderDto {
  @OrderText('4711', 'Order number from the MES or ERP; unique across all orders of this instance')
  orderNo!: string;

  @OrderText('900.000.002', 'Product (material) key')
  productKey!: string;

  @OrderText('Line1', 'Line that produces the order, as the PLCs send it in LineName')
  lineName!: string;

  @ApiProperty({
    type: 'integer',
    example: 500,
    minimum: 1,
    maximum: 2147483647,
    description: 'Pieces to produce',
  })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  quantity!: number;
}
