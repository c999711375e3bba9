import { Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-errors';

/**
 * `{id}` path segment → positive integer. Refuses "1.5", "1e3", "0x10" and " 1", which Number()
 * would accept, so one order has exactly one URL; the 400 names the field like every other 400.
 */
@Injectable()
export class OrderIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9]\d{0,14}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id)) {
      throw new InvalidInputError('Invalid production order id', [
        { field: 'id', message: 'id must be a positive integer' },
      ]);
    }
    return id;
  }
}
