import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/roles.decorator';
import { ErrorBody } from '../../common/errors/error-body';
import { LegacyProductionOrderDto } from '../dto/production-order.dto';
import { ProductionOrdersService } from './production-orders.service';

/**
 * The old server's route, answered from the order store instead of a hard-coded order. PLCs read
 * it with their ingest key, the MES with its own, so both roles may.
 */
@ApiTags('mes')
@Roles('ingest', 'mes')
@Controller()
export class LegacyProductionOrderController {
  constructor(private readonly orders: ProductionOrdersService) {}

  @Get('production_orders')
  @ApiOperation({
    operationId: 'getCurrentProductionOrderLegacy',
    summary: 'Current production order in the old server’s shape (legacy route)',
    description:
      'The in_progress order started last, else the released order created last. A fresh store ' +
      'holds the old demo order, answered as `{"id": 1, "order_no": 100, "product_key": ' +
      '"900.000.002"}`.',
  })
  @ApiOkResponse({ type: LegacyProductionOrderDto, description: 'The current order' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No order is in progress or released' })
  getCurrentProductionOrderLegacy(): Promise<LegacyProductionOrderDto> {
    return this.orders.currentLegacyOrder();
  }
}
