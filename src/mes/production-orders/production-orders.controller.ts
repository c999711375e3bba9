import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../common/auth/roles.decorator';
import { ErrorBody, errorExample } from '../../common/errors/error-body';
import { CreateProductionOrderDto } from '../dto/create-production-order.dto';
import { ListProductionOrdersQueryDto } from '../dto/list-production-orders-query.dto';
import { ProductionOrderDto, ProductionOrderListDto } from '../dto/production-order.dto';
import { UpdateProductionOrderStatusDto } from '../dto/update-production-order-status.dto';
import { OrderIdPipe } from './order-id.pipe';
import { ProductionOrdersService } from './production-orders.service';

const ID_PARAM = { name: 'id', type: 'integer', example: 1, description: 'Production order id' };
const ORDER_NOT_FOUND = {
  type: ErrorBody,
  description: 'No order with this id',
  example: errorExample(404, 'Production order 7 not found'),
};

@ApiTags('mes')
@Roles('mes')
@Controller('api/v1/mes/production-orders')
export class ProductionOrdersController {
  constructor(private readonly orders: ProductionOrdersService) {}

  @Get()
  @ApiOperation({
    operationId: 'listProductionOrders',
    summary: 'List production orders, optionally of one line and/or in one status',
  })
  @ApiOkResponse({ type: ProductionOrderListDto, description: 'Matching orders by ascending id' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Unknown status or malformed filter' })
  async listProductionOrders(
    @Query() query: ListProductionOrdersQueryDto,
  ): Promise<ProductionOrderListDto> {
    return { orders: await this.orders.list({ line: query.line, status: query.status }) };
  }

  @Post()
  @ApiOperation({
    operationId: 'createProductionOrder',
    summary: 'Create a production order (it starts planned)',
  })
  @ApiCreatedResponse({ type: ProductionOrderDto, description: 'Stored durably' })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'Invalid body; `errors` names each field',
  })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'An order with this orderNo exists',
    example: errorExample(409, 'A production order with orderNo "4711" exists (id 2)'),
  })
  createProductionOrder(@Body() body: CreateProductionOrderDto): Promise<ProductionOrderDto> {
    return this.orders.create({
      orderNo: body.orderNo,
      productKey: body.productKey,
      lineName: body.lineName,
      quantity: body.quantity,
    });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getProductionOrder', summary: 'Get one production order' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ProductionOrderDto, description: 'The order' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'id is not a positive integer' })
  @ApiNotFoundResponse(ORDER_NOT_FOUND)
  getProductionOrder(@Param('id', OrderIdPipe) id: number): Promise<ProductionOrderDto> {
    return this.orders.get(id);
  }

  @Patch(':id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'updateProductionOrderStatus',
    summary: 'Change the status of a production order',
    description:
      'planned → released → in_progress → completed, or aborted from planned, released or ' +
      'in_progress. Sending the current status again answers 200 with the order unchanged, so ' +
      'retries are safe. Entering in_progress sets startedAt; entering completed sets completedAt.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({
    type: ProductionOrderDto,
    description: 'The order after the change (unchanged when it already had that status)',
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Unknown status or bad id' })
  @ApiNotFoundResponse(ORDER_NOT_FOUND)
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'The order cannot move to that status',
    example: errorExample(
      409,
      'Production order 2 cannot change from planned to completed (allowed: released, aborted)',
    ),
  })
  updateProductionOrderStatus(
    @Param('id', OrderIdPipe) id: number,
    @Body() body: UpdateProductionOrderStatusDto,
  ): Promise<ProductionOrderDto> {
    return this.orders.changeStatus(id, body.status);
  }
}
