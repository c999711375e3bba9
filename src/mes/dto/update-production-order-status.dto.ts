import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from '../production-orders/production-order';

export class UpdateProductionOrderStatusDto {
  @ApiProperty({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    example: 'released',
    description:
      'Target status: planned → released → in_progress → completed, or aborted from any open ' +
      'status. The current status again is accepted and changes nothing.',
  })
  @IsIn(ORDER_STATUSES, { message: `status must be one of: ${ORDER_STATUSES.join(', ')}` })
  status!: OrderStatus;
}
