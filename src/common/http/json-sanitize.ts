import { InvalidInputError, PayloadTooLargeError } from '../errors/domain-errors';

/**
 * Deepest nesting accepted. Our deepest payload (a batch) nests 3 levels; class-transformer and
 * class-validator recurse per level, so 10,000 nested arrays would overflow the stack (a 500).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Most keys in one object. Ours have at most a dozen; class-transformer de-duplicates keys in
 * O(n²), so 100,000 keys would block the event loop for many seconds.
 */
export const MAX_OBJECT_KEYS = 1000;

/**
 * Most values (numbers, strings, objects, ...) in one body: room for a batch of 10,000 samples
 * or a series of 100,000 values, and a bound on the validation work one request can cause.
 */
export const MAX_JSON_VALUES = 250_000;

/** Keys that reach an object's prototype when a library copies them with `target[key] = value`. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Checks a parsed JSON body without recursion: refuses nesting deeper than MAX_JSON_DEPTH or an
 * object with more than MAX_OBJECT_KEYS keys (400), and more than MAX_JSON_VALUES values (413).
 * Deletes `__proto__`, `constructor` and `prototype` keys at every level: they are never fields
 * of ours (unknown fields are ignored anyway), and copied by class-transformer they would replace
 * a DTO's prototype and with it its validation rules.
 */
export function sanitizeJson(value: unknown): unknown {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  let values = 1;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new InvalidInputError(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    if (!Array.isArray(node)) dropPrototypeKeys(node as Record<string, unknown>);
    const children = Object.values(node);
    if (!Array.isArray(node) && children.length > MAX_OBJECT_KEYS) {
      throw new InvalidInputError(`An object in the body has more than ${MAX_OBJECT_KEYS} keys`);
    }
    values += children.length;
    if (values > MAX_JSON_VALUES) {
      throw new PayloadTooLargeError(`Request body holds more than ${MAX_JSON_VALUES} values`);
    }
    for (const child of children) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ node: child, depth: depth + 1 });
      }
    }
  }
  return value;
}

function dropPrototypeKeys(node: Record<string, unknown>): void {
  for (const key of PROTOTYPE_KEYS) {
    if (Object.prototype.hasOwnProperty.call(node, key)) delete node[key];
  }
}
