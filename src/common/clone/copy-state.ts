/**
 * A copy of `source` (same class) that shares nothing `source` will change: arrays are copied,
 * everything else (numbers, frozen parameters, objects never changed after they were stored) is
 * shared. For state classes whose fields are just that; one with other mutable objects must copy
 * those itself.
 */
export function copyState<T extends object>(source: T): T {
  const copy = Object.create(Object.getPrototypeOf(source) as object) as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    copy[key] = Array.isArray(value) ? value.slice() : value;
  }
  return copy as T;
}
