import { legacyOrderNo, selectCurrentOrder, toLegacyOrder } from './legacy-order';
import { OrderStatus, ProductionOrder } from './production-order';

function order(
  id: number,
  status: OrderStatus,
  createdAt: string,
  startedAt?: string,
): ProductionOrder {
  return {
    id,
    orderNo: String(100 + id),
    productKey: `P${id}`,
    lineName: 'line1',
    quantity: 1,
    status,
    createdAt,
    updatedAt: startedAt ?? createdAt,
    ...(startedAt ? { startedAt } : {}),
  };
}

describe('selectCurrentOrder', () => {
  it('should prefer the in_progress order started last over any released order', () => {
    const orders = [
      order(1, 'in_progress', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'),
      order(2, 'in_progress', '2025-01-01T00:00:00Z', '2025-01-03T00:00:00Z'),
      order(3, 'in_progress', '2025-01-05T00:00:00Z', '2025-01-01T12:00:00Z'),
      order(4, 'released', '2025-01-09T00:00:00Z'),
    ];
    expect(selectCurrentOrder(orders)?.id).toBe(2);
  });

  it('should fall back to the released order created last', () => {
    const orders = [
      order(1, 'completed', '2025-01-10T00:00:00Z', '2025-01-10T00:00:00Z'),
      order(2, 'released', '2025-01-03T00:00:00Z'),
      order(3, 'released', '2025-01-04T00:00:00Z'),
      order(4, 'released', '2025-01-02T00:00:00Z'),
      order(5, 'planned', '2025-01-09T00:00:00Z'),
    ];
    expect(selectCurrentOrder(orders)?.id).toBe(3);
  });

  it('should break a tie in time by the higher id', () => {
    const orders = [
      order(8, 'released', '2025-01-03T00:00:00Z'),
      order(9, 'released', '2025-01-03T00:00:00Z'),
    ];
    expect(selectCurrentOrder(orders)?.id).toBe(9);
    expect(selectCurrentOrder([...orders].reverse())?.id).toBe(9);
  });

  it('should find none among planned, completed and aborted orders', () => {
    const orders = [
      order(1, 'planned', '2025-01-01T00:00:00Z'),
      order(2, 'completed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
      order(3, 'aborted', '2025-01-01T00:00:00Z'),
    ];
    expect(selectCurrentOrder(orders)).toBeUndefined();
    expect(selectCurrentOrder([])).toBeUndefined();
  });
});

describe('legacyOrderNo', () => {
  it.each([
    ['100', 100],
    ['0', 0],
    ['9007199254740991', 9007199254740991],
  ])('should send %s as a number', (text, expected) => {
    expect(legacyOrderNo(text)).toBe(expected);
  });

  it.each(['0042', 'A-17', '12.5', '1e3', '-5', ' 7', '9007199254740993', ''])(
    'should keep %j a string',
    (text) => {
      expect(legacyOrderNo(text)).toBe(text);
    },
  );

  it('should map an order to the old snake_case shape', () => {
    const o = {
      ...order(1, 'in_progress', '2025-01-01T00:00:00Z'),
      orderNo: '100',
      productKey: '900.000.002',
    };
    expect(toLegacyOrder(o)).toEqual({ id: 1, order_no: 100, product_key: '900.000.002' });
  });
});
