import type { ArgumentMetadata } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-errors';
import { RequestValidationPipe } from '../../common/validation/validation.pipe';
import { CreateProductionOrderDto } from './create-production-order.dto';
import { LineAnomaliesQueryDto } from './line-anomalies-query.dto';
import { ListProductionOrdersQueryDto } from './list-production-orders-query.dto';
import { UpdateProductionOrderStatusDto } from './update-production-order-status.dto';

/** Runs a value through the app's global pipe, as Nest would for a body or query. */
async function validate(
  metatype: ArgumentMetadata['metatype'],
  value: unknown,
  type: ArgumentMetadata['type'] = 'body',
) {
  return new RequestValidationPipe().transform(value, { type, metatype });
}
async function fieldsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).errors.map((e) => e.field).sort();
}

describe('MES DTOs through the global ValidationPipe', () => {
  const good = { orderNo: '4711', productKey: 'P', lineName: 'line1', quantity: 3 };

  it('should accept a valid order and strip unknown fields', async () => {
    const dto = await validate(CreateProductionOrderDto, { ...good, status: 'completed' });
    expect(dto).toEqual(good);
  });

  it('should name every offending field of an order', async () => {
    const bad = { orderNo: '', productKey: 'x'.repeat(129), lineName: 'a\u0001b', quantity: 1.5 };
    expect(await fieldsOf(validate(CreateProductionOrderDto, bad))).toEqual([
      'lineName',
      'orderNo',
      'productKey',
      'quantity',
    ]);
    expect(await fieldsOf(validate(CreateProductionOrderDto, {}))).toEqual([
      'lineName',
      'orderNo',
      'productKey',
      'quantity',
    ]);
  });

  it.each([0, -1, '3', null])('should refuse quantity %j', async (quantity) => {
    expect(await fieldsOf(validate(CreateProductionOrderDto, { ...good, quantity }))).toEqual([
      'quantity',
    ]);
  });

  it('should refuse a blank orderNo', async () => {
    expect(await fieldsOf(validate(CreateProductionOrderDto, { ...good, orderNo: '   ' }))).toEqual(
      ['orderNo'],
    );
  });

  it('should take only the five statuses', async () => {
    expect(await validate(UpdateProductionOrderStatusDto, { status: 'released' })).toEqual({
      status: 'released',
    });
    expect(await fieldsOf(validate(UpdateProductionOrderStatusDto, { status: 'done' }))).toEqual([
      'status',
    ]);
    expect(
      await fieldsOf(validate(ListProductionOrdersQueryDto, { status: 'done' }, 'query')),
    ).toEqual(['status']);
  });

  it('should convert anomaly query strings to epoch ms and an integer limit', async () => {
    const dto = await validate(
      LineAnomaliesQueryDto,
      { from: '2025-03-02T00:00:00Z', to: '1740873600000', limit: '25' },
      'query',
    );
    expect(dto).toEqual({ from: Date.UTC(2025, 2, 2), to: 1740873600000, limit: 25 });
  });

  it('should name bad from, to and limit', async () => {
    const query = { from: 'yesterday', to: '2025-02-30', limit: '0' };
    expect(await fieldsOf(validate(LineAnomaliesQueryDto, query, 'query'))).toEqual([
      'from',
      'limit',
      'to',
    ]);
    expect(await fieldsOf(validate(LineAnomaliesQueryDto, { limit: '10001' }, 'query'))).toEqual([
      'limit',
    ]);
    expect(await fieldsOf(validate(LineAnomaliesQueryDto, { limit: '1.5' }, 'query'))).toEqual([
      'limit',
    ]);
  });
});
