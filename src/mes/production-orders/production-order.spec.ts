import { ConflictError } from '../../common/errors/domain-errors';
import {
  ORDER_STATUSES,
  OrderStatus,
  ProductionOrder,
  allowedTargets,
  canTransition,
  createOrder,
  demoOrder,
  isOrderStatus,
  transitionOrder,
} from './production-order';

const T0 = new Date('2025-03-01T06:00:00.000Z');
const T1 = new Date('2025-03-01T07:30:00.000Z');

function orderIn(status: OrderStatus): ProductionOrder {
  return {
    ...createOrder(7, { orderNo: '4711', productKey: 'P', lineName: 'l', quantity: 5 }, T0),
    status,
  };
}

/** Every legal change other than "stay": the whole table, written out by hand. */
const LEGAL = new Set([
  'planned>released',
  'released>in_progress',
  'in_progress>completed',
  'planned>aborted',
  'released>aborted',
  'in_progress>aborted',
]);

describe('transitionOrder', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    const order = orderIn(from);
    if (from === to) {
      expect(transitionOrder(order, to, T1)).toBe(order);
    } else if (LEGAL.has(`${from}>${to}`)) {
      const next = transitionOrder(order, to, T1);
      expect(next.status).toBe(to);
      expect(next.updatedAt).toBe(T1.toISOString());
      expect(next).not.toBe(order);
      expect(order.status).toBe(from);
    } else {
      expect(() => transitionOrder(order, to, T1)).toThrow(ConflictError);
    }
  });

  it('should agree with canTransition and allowedTargets for all 25 pairs', () => {
    for (const [from, to] of pairs) {
      const legal = from === to || LEGAL.has(`${from}>${to}`);
      expect(canTransition(from, to)).toBe(legal);
      expect(allowedTargets(from).includes(to)).toBe(legal && from !== to);
    }
  });

  it('should set startedAt on entering in_progress and completedAt on entering completed', () => {
    const started = transitionOrder(orderIn('released'), 'in_progress', T1);
    expect(started.startedAt).toBe(T1.toISOString());
    expect(started.completedAt).toBeUndefined();
    const T2 = new Date('2025-03-01T09:00:00.000Z');
    const done = transitionOrder(started, 'completed', T2);
    expect(done).toMatchObject({ startedAt: T1.toISOString(), completedAt: T2.toISOString() });
  });

  it('should keep startedAt and set no completedAt when an order is aborted', () => {
    const started = transitionOrder(orderIn('released'), 'in_progress', T0);
    const aborted = transitionOrder(started, 'aborted', T1);
    expect(aborted).toMatchObject({
      status: 'aborted',
      startedAt: T0.toISOString(),
      updatedAt: T1.toISOString(),
    });
    expect(aborted.completedAt).toBeUndefined();
  });

  it('should name the allowed targets in the conflict message', () => {
    expect(() => transitionOrder(orderIn('planned'), 'completed', T1)).toThrow(
      /planned to completed \(allowed: released, aborted\)/,
    );
    expect(() => transitionOrder(orderIn('completed'), 'aborted', T1)).toThrow(
      /the order is closed/,
    );
  });
});

describe('createOrder and demoOrder', () => {
  it('should start a new order planned with equal created and updated times', () => {
    const order = createOrder(3, { orderNo: 'A', productKey: 'P', lineName: 'L', quantity: 2 }, T0);
    expect(order).toEqual({
      id: 3,
      orderNo: 'A',
      productKey: 'P',
      lineName: 'L',
      quantity: 2,
      status: 'planned',
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
  });

  it('should reproduce the old server order in progress', () => {
    expect(demoOrder(T0)).toMatchObject({
      id: 1,
      orderNo: '100',
      productKey: '900.000.002',
      lineName: 'line1',
      status: 'in_progress',
      startedAt: T0.toISOString(),
    });
  });

  it('should recognise exactly the five statuses', () => {
    expect(ORDER_STATUSES.every(isOrderStatus)).toBe(true);
    expect(isOrderStatus('IN_PROGRESS')).toBe(false);
    expect(isOrderStatus(1)).toBe(false);
  });
});
