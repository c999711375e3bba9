/**
 * Helpers for the per-series state of detectors, kept in plain arrays rather than typed arrays:
 * with 100,000 series per process, each typed array of more than 64 bytes costs ≈ 0.4 KB of
 * off-heap bookkeeping beside its values, while V8 keeps the numbers of a plain array unboxed in
 * one block on its heap (docs/performance.md, memory).
 */

/** Flags per element of a bit array: 30 bits keep every element a V8 small integer. */
const FLAG_BITS = 30;

/** A bit array for `count` flags, all clear. */
export function bitArray(count: number): number[] {
  return new Array<number>(Math.ceil(count / FLAG_BITS)).fill(0);
}

/** Flag `i` as 0 or 1. */
export function bitAt(bits: readonly number[], i: number): number {
  return (bits[(i / FLAG_BITS) | 0] >>> (i % FLAG_BITS)) & 1;
}

export function setBit(bits: number[], i: number, on: boolean): void {
  const word = (i / FLAG_BITS) | 0;
  const bit = 1 << (i % FLAG_BITS);
  bits[word] = on ? bits[word] | bit : bits[word] & ~bit;
}

/** The first `count` flags as 0/1 numbers. */
export function bitsToArray(bits: readonly number[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => bitAt(bits, i));
}

/**
 * `length` zeros in an array that holds doubles from the start (V8's PACKED_DOUBLE_ELEMENTS, exact
 * size): one that started as small integers would change its kind, and be copied, at the first
 * fractional value, and the code reading it would see two kinds of array, which measured slower.
 */
export function doubles(length: number): number[] {
  const out = Array.from({ length }, () => 0.5);
  return out.fill(0);
}

/**
 * A copy of `values` with room for `length`, the new room 0. Used to grow state as a series
 * sends samples (1 → 2 → 4 … up to its bound), so that a series that has sent few holds little.
 */
export function resized(values: readonly number[], length: number): number[] {
  const out = doubles(length);
  for (let i = 0; i < values.length && i < length; i++) out[i] = values[i];
  return out;
}

/** The next size of state growing towards `bound`: twice the current one, at least 1. */
export function grownLength(current: number, bound: number): number {
  return Math.min(Math.max(1, current * 2), bound);
}
