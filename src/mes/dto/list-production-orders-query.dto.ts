import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from '../production-orders/production-order';

export class ListProductionOrdersQueryDto {
  @ApiPropertyOptional({ example: 'Line1', description: 'Only orders of this line' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  line?: string;

  @ApiPropertyOptional({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    example: 'in_progress',
    description: 'Only orders in this status',
  })
  @IsOptional()
  @IsIn(ORDER_STATUSES, { message: `status must be one of: ${ORDER_STATUSES.join(', ')}` })
  status?: OrderStatus;
}
