import { InvalidInputError } from '../errors/domain-errors';
import { PayloadTooLargeError } from '../errors/domain-errors';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES, MAX_OBJECT_KEYS, sanitizeJson } from './json-sanitize';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe(sanitizeJson.name, () => {
  it('should keep ordinary bodies unchanged', () => {
    const body = { LineName: 'L', Samples: [{ SensorValue: 1, Tags: { a: [1, 2] } }] };
    expect(sanitizeJson(structuredClone(body))).toEqual(body);
  });

  it(`should accept ${MAX_JSON_DEPTH} levels and refuse one more`, () => {
    expect(() => sanitizeJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => sanitizeJson(nested(MAX_JSON_DEPTH + 1))).toThrow(InvalidInputError);
  });

  it('should refuse 100,000 levels without overflowing the stack', () => {
    expect(() => sanitizeJson(nested(100_000))).toThrow(/nested deeper/);
  });

  it('should delete __proto__, constructor and prototype keys at every level', () => {
    const body = JSON.parse(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":1,' +
        '"a":[{"__proto__":{"x":1},"b":{"constructor":"c","keep":true}}]}',
    );
    const clean = sanitizeJson(body) as Record<string, unknown>;
    expect(clean).toEqual({ a: [{ b: { keep: true } }] });
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`should accept ${MAX_OBJECT_KEYS} keys in an object and refuse one more`, () => {
    const keys = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(() => sanitizeJson({ a: [keys(MAX_OBJECT_KEYS)] })).not.toThrow();
    expect(() => sanitizeJson({ a: [keys(MAX_OBJECT_KEYS + 1)] })).toThrow(InvalidInputError);
  });

  it(`should accept ${MAX_JSON_VALUES} values and refuse one more with 413`, () => {
    // The body itself counts as one value, the array as another.
    const values = (n: number) => ({ Values: new Array(n - 2).fill(0) });
    expect(() => sanitizeJson(values(MAX_JSON_VALUES))).not.toThrow();
    expect(() => sanitizeJson(values(MAX_JSON_VALUES + 1))).toThrow(PayloadTooLargeError);
  });

  it('should pass scalars through', () => {
    expect(sanitizeJson(42)).toBe(42);
    expect(sanitizeJson(null)).toBeNull();
  });
});
