import { InvalidInputError } from '../errors/domain-errors';

/**
 * Deepest nesting accepted. Our deepest payload (a batch) nests 3 levels; class-transformer and
 * class-validator recurse per level, so 10,000 nested arrays would overflow the stack (a 500).
 */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach an object's prototype when a library copies them with `target[key] = value`. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Checks a parsed JSON body, without recursion: refuses nesting deeper than MAX_JSON_DEPTH (400)
 * and deletes `__proto__`, `constructor` and `prototype` keys at every level. They are never
 * fields of ours (unknown fields are ignored anyway), and copied by class-transformer they would
 * replace a DTO's prototype and with it its validation rules.
 */
export function sanitizeJson(value: unknown): unknown {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new InvalidInputError(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    if (!Array.isArray(node)) {
      for (const key of PROTOTYPE_KEYS) {
        if (Object.prototype.hasOwnProperty.call(node, key))
          delete (node as Record<string, unknown>)[key];
      }
    }
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null)
        stack.push({ node: child, depth: depth + 1 });
    }
  }
  return value;
}
