import { InvalidInputError } from '../../common/errors/domain-errors';
import { OrderIdPipe } from './order-id.pipe';

describe(OrderIdPipe.name, () => {
  const pipe = new OrderIdPipe();

  it.each([
    ['1', 1],
    ['42', 42],
    ['999999999999999', 999999999999999],
  ])('should accept %s', (text, id) => {
    expect(pipe.transform(text)).toBe(id);
  });

  it.each(['0', '-1', '1.5', '1e3', '0x10', ' 1', '01', 'abc', '', '9999999999999999'])(
    'should refuse %j naming the id field',
    (text) => {
      try {
        pipe.transform(text);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as InvalidInputError).errors).toEqual([
          { field: 'id', message: 'id must be a positive integer' },
        ]);
      }
    },
  );
});
