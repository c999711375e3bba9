import type { NewProductionOrder, OrderStatus, ProductionOrder } from './production-order';

export interface OrderFilter {
  line?: string;
  status?: OrderStatus;
}

/**
 * Port to the production order store; the abstract class is its own DI token. Every mutation is
 * atomic with respect to the others: a create checks uniqueness and an update reads the order it
 * changes inside the same serialised step, so two requests can never both win.
 */
export abstract class OrderRepository {
  /** Orders matching the filter, by ascending id. */
  abstract list(filter?: OrderFilter): Promise<ProductionOrder[]>;

  abstract findById(id: number): Promise<ProductionOrder | undefined>;

  /**
   * Stores a new order with the next free id, built by `build`. Throws ConflictError when an order
   * with the same orderNo exists. Resolves once the order is durable.
   */
  abstract create(
    draft: NewProductionOrder,
    build: (id: number, draft: NewProductionOrder) => ProductionOrder,
  ): Promise<ProductionOrder>;

  /**
   * Replaces order `id` by `change(order)`. Throws NotFoundError for an unknown id and passes on
   * whatever `change` throws. When `change` returns the order it was given, nothing is written.
   */
  abstract update(
    id: number,
    change: (order: ProductionOrder) => ProductionOrder,
  ): Promise<ProductionOrder>;
}
