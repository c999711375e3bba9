import { ConflictError } from '../../common/errors/domain-errors';

export const ORDER_STATUSES = [
  'planned',
  'released',
  'in_progress',
  'completed',
  'aborted',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses from which an order may still move on (and be aborted). */
export const OPEN_STATUSES: readonly OrderStatus[] = ['planned', 'released', 'in_progress'];

/** A production order as stored and as served on the MES API. Times are ISO-8601 (UTC) strings. */
export interface ProductionOrder {
  id: number;
  orderNo: string;
  productKey: string;
  lineName: string;
  quantity: number;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  /** When the order entered in_progress. */
  startedAt?: string;
  /** When the order entered completed (an aborted order keeps only updatedAt). */
  completedAt?: string;
}

export interface NewProductionOrder {
  orderNo: string;
  productKey: string;
  lineName: string;
  quantity: number;
}

/** The one forward step each open status may take; abort is allowed from all of them. */
const NEXT: Partial<Record<OrderStatus, OrderStatus>> = {
  planned: 'released',
  released: 'in_progress',
  in_progress: 'completed',
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return true;
  if (to === 'aborted') return OPEN_STATUSES.includes(from);
  return NEXT[from] === to;
}

/**
 * Moves an order to `to` at time `at`. Asking for the status it already has returns the very same
 * object, so a PLC or MES retrying a PATCH gets 200 and nothing is rewritten. Skipping a step,
 * going back, or leaving a closed order is a ConflictError (409): the request is well-formed, the
 * order's state forbids it.
 */
export function transitionOrder(
  order: ProductionOrder,
  to: OrderStatus,
  at: Date,
): ProductionOrder {
  if (order.status === to) return order;
  if (!canTransition(order.status, to)) {
    throw new ConflictError(
      `Production order ${order.id} cannot change from ${order.status} to ${to}` +
        ` (allowed: ${allowedTargets(order.status).join(', ') || 'none, the order is closed'})`,
    );
  }
  const now = at.toISOString();
  const next: ProductionOrder = { ...order, status: to, updatedAt: now };
  if (to === 'in_progress') next.startedAt = now;
  if (to === 'completed') next.completedAt = now;
  return next;
}

export function allowedTargets(from: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((to) => to !== from && canTransition(from, to));
}

/** A new order starts planned; its id comes from the repository. */
export function createOrder(id: number, draft: NewProductionOrder, at: Date): ProductionOrder {
  const now = at.toISOString();
  return {
    id,
    orderNo: draft.orderNo,
    productKey: draft.productKey,
    lineName: draft.lineName,
    quantity: draft.quantity,
    status: 'planned',
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The order the old server answered with, hard-coded; a fresh store starts with it so an
 * unchanged PLC program reading `GET /production_orders` keeps getting the same answer.
 */
export function demoOrder(at: Date): ProductionOrder {
  const now = at.toISOString();
  return {
    id: 1,
    orderNo: '100',
    productKey: '900.000.002',
    lineName: 'line1',
    quantity: 1,
    status: 'in_progress',
    createdAt: now,
    updatedAt: now,
    startedAt: now,
  };
}
