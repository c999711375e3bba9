import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, OrderStatus } from '../production-orders/production-order';

export class ProductionOrderDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'Assigned by the service' })
  id!: number;

  @ApiProperty({ example: '4711' })
  orderNo!: string;

  @ApiProperty({ example: '900.000.002' })
  productKey!: string;

  @ApiProperty({ example: 'Line1' })
  lineName!: string;

  @ApiProperty({ type: 'integer', example: 500 })
  quantity!: number;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'in_progress' })
  status!: OrderStatus;

  @ApiProperty({ example: '2025-03-01T06:00:00.000Z', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: '2025-03-01T06:12:30.000Z', format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({
    example: '2025-03-01T06:12:30.000Z',
    format: 'date-time',
    description: 'When the order entered in_progress',
  })
  startedAt?: string;

  @ApiPropertyOptional({
    example: '2025-03-01T14:02:11.000Z',
    format: 'date-time',
    description: 'When the order entered completed (an aborted order has none; see updatedAt)',
  })
  completedAt?: string;
}

export class ProductionOrderListDto {
  @ApiProperty({ type: [ProductionOrderDto], description: 'By ascending id' })
  orders!: ProductionOrderDto[];
}

/** The old server's shape, kept for PLC programs that read it. */
export class LegacyProductionOrderDto {
  @ApiProperty({ type: 'integer', example: 1 })
  id!: number;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 100,
    description:
      'The orderNo as a JSON number when it is digits without a leading zero, else as a string',
  })
  order_no!: number | string;

  @ApiProperty({ example: '900.000.002' })
  product_key!: string;
}
