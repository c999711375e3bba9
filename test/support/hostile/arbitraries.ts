import fc from 'fast-check';
import { ORDER_STATUSES } from '../../../src/mes/production-orders/production-order';
import type { BodyRoute, FieldKind } from './routes';

/** JSON values that are not strings. */
const notString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
/** JSON values that are not numbers. */
const notNumber = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.double(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const withControlChar = (controls: [number, number]) =>
  fc
    .tuple(text(40), fc.integer({ min: controls[0], max: controls[1] }), text(40))
    .map(([a, c, b]) => `${a}${String.fromCharCode(c)}${b}`);
const tooLong = fc.string({ unit: 'binary', minLength: 129, maxLength: 400 });

/** Values that each field kind must refuse, whatever else the body holds. */
const WRONG: Record<FieldKind, fc.Arbitrary<unknown>> = {
  name: fc.oneof(
    notString,
    fc.constant(''),
    tooLong,
    withControlChar([0x00, 0x1f]),
    withControlChar([0x7f, 0x9f]),
    text(100).map((s) => `${s}\\`),
  ),
  number: notNumber,
  stateValue: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, noInteger: true }),
    fc.string({ maxLength: 10 }),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant({ value: 1 }),
  ),
  // null is "missing" for an optional field, so it is not among them.
  timeStamp: fc.oneof(
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant({ ms: 1 }),
    fc.string({ maxLength: 30 }).filter((s) => !/^\s*[\d+-]/.test(s)),
    fc.integer({ min: -1e15, max: 946_684_799_999 }),
    fc.integer({ min: Date.now() + 86_400_000, max: Number.MAX_SAFE_INTEGER }),
  ),
  orderText: fc.oneof(
    notString,
    fc.constantFrom('', ' ', '\t\t'),
    tooLong,
    withControlChar([0, 0x1f]),
  ),
  quantity: fc.oneof(
    fc.integer({ max: 0 }),
    fc.integer({ min: 2_147_483_648, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ noNaN: true, noDefaultInfinity: true, noInteger: true }),
    fc.integer().map(String),
    fc.boolean(),
    fc.constant(null),
  ),
  status: fc.oneof(
    notString,
    fc.string().filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s)),
    fc.constantFrom('IN_PROGRESS', 'in progress', ' released'),
  ),
};

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
/** Extra keys a client may add: random ones, and the ones that reach a prototype. */
const junkEntries = fc.array(
  fc.tuple(
    fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...PROTOTYPE_KEYS)),
    fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ polluted: 'yes' })),
  ),
  { maxLength: 4 },
);

/** A JSON object written entry by entry, so `__proto__` is an ordinary key as on the wire. */
export function objectText(entries: Array<[string, unknown]>): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

/**
 * A valid body with exactly one field broken (replaced by a wrong value, or deleted when it is
 * required), plus random extra keys in front (JSON.parse keeps the last of duplicate keys).
 */
export function brokenBody(route: BodyRoute): fc.Arbitrary<string> {
  const names = Object.keys(route.fields);
  const required = names.filter((n) => !route.optional?.includes(n));
  const change = fc.oneof(
    fc
      .constantFrom(...names)
      .chain((field) =>
        WRONG[route.fields[field]].map((value) => ({ field, value, remove: false })),
      ),
    fc.constantFrom(...required).map((field) => ({ field, value: undefined, remove: true })),
  );
  return fc.tuple(change, junkEntries).map(([{ field, value, remove }, junk]) => {
    const entries: Array<[string, unknown]> = junk.filter(([k]) => k !== field);
    for (const [k, v] of Object.entries(route.valid())) if (k !== field) entries.push([k, v]);
    if (!remove) entries.push([field, value]);
    return objectText(entries);
  });
}

/** Any JSON that is not an object: arrays, strings, numbers, booleans, null. */
export const notAnObject = fc
  .jsonValue({ maxDepth: 3 })
  .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
  .map((v) => JSON.stringify(v));

/** Arbitrary bytes: mostly not JSON, sometimes JSON of the wrong shape. */
export const randomBytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));

/**
 * Content-Type headers a PLC stack, a browser form or an attacker might send. Not windows-1252:
 * re-reading a UTF-8 body as 1252 turns a C1 control character into printable text, which would
 * make a broken name valid (that decoding is the contract, tested in the ingestion e2e tests).
 */
export const contentTypes = fc.constantFrom(
  undefined,
  'application/json',
  'text/html;charset=UTF-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16le',
  'application/json; charset=no-such-charset',
  'application/json; charset=',
  ';;;==',
  'application/xml',
);
