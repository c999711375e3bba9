import type { ProductionOrder } from './production-order';

/** The old server's order shape, snake_case as PLC programs parse it. */
export interface LegacyOrder {
  id: number;
  order_no: number | string;
  product_key: string;
}

/**
 * The order a line is working on: the in_progress order started last, else the released order
 * created last (next up), else none. Ties fall to the higher id, the later-created order.
 */
export function selectCurrentOrder(
  orders: readonly ProductionOrder[],
): ProductionOrder | undefined {
  let running: ProductionOrder | undefined;
  let released: ProductionOrder | undefined;
  for (const order of orders) {
    if (order.status === 'in_progress') {
      if (
        !running ||
        isLater(
          order,
          order.startedAt ?? order.updatedAt,
          running,
          running.startedAt ?? running.updatedAt,
        )
      ) {
        running = order;
      }
    } else if (order.status === 'released') {
      if (!released || isLater(order, order.createdAt, released, released.createdAt))
        released = order;
    }
  }
  return running ?? released;
}

function isLater(a: ProductionOrder, aTime: string, b: ProductionOrder, bTime: string): boolean {
  const diff = Date.parse(aTime) - Date.parse(bTime);
  return diff > 0 || (diff === 0 && a.id > b.id);
}

/**
 * The old server sent `order_no` as a JSON number. Digit strings that survive a round trip through
 * a number are sent as one; anything else ("0042", "A-17", beyond 2^53) stays a string so no
 * order number is ever altered.
 */
export function legacyOrderNo(orderNo: string): number | string {
  if (!/^(0|[1-9]\d*)$/.test(orderNo)) return orderNo;
  const n = Number(orderNo);
  return Number.isSafeInteger(n) ? n : orderNo;
}

export function toLegacyOrder(order: ProductionOrder): LegacyOrder {
  return { id: order.id, order_no: legacyOrderNo(order.orderNo), product_key: order.productKey };
}
