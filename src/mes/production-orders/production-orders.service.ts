import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/domain-errors';
import { LegacyOrder, selectCurrentOrder, toLegacyOrder } from './legacy-order';
import { OrderFilter, OrderRepository } from './order.repository';
import {
  NewProductionOrder,
  OrderStatus,
  ProductionOrder,
  createOrder,
  transitionOrder,
} from './production-order';

/** Use cases of the production order API; the rules live in production-order.ts. */
@Injectable()
export class ProductionOrdersService {
  private readonly now = () => new Date();

  constructor(private readonly repository: OrderRepository) {}

  list(filter: OrderFilter): Promise<ProductionOrder[]> {
    return this.repository.list(filter);
  }

  async get(id: number): Promise<ProductionOrder> {
    const order = await this.repository.findById(id);
    if (!order) throw new NotFoundError(`Production order ${id} not found`);
    return order;
  }

  create(draft: NewProductionOrder): Promise<ProductionOrder> {
    return this.repository.create(draft, (id, d) => createOrder(id, d, this.now()));
  }

  changeStatus(id: number, status: OrderStatus): Promise<ProductionOrder> {
    return this.repository.update(id, (order) => transitionOrder(order, status, this.now()));
  }

  /** What the old `GET /production_orders` answered: the order the line works on now. */
  async currentLegacyOrder(): Promise<LegacyOrder> {
    const current = selectCurrentOrder(await this.repository.list());
    if (!current) {
      throw new NotFoundError('No production order is in progress or released');
    }
    return toLegacyOrder(current);
  }
}
