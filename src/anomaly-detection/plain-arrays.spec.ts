import {
  bitArray,
  bitAt,
  bitsToArray,
  doubles,
  grownLength,
  resized,
  setBit,
} from './plain-arrays';

describe('plain arrays', () => {
  it('should keep each flag of a bit array apart, across elements', () => {
    const count = 95;
    const bits = bitArray(count);
    const want = new Array<number>(count).fill(0);
    for (let k = 0; k < 500; k++) {
      const i = (k * 37) % count;
      const on = (k * 7) % 3 === 0;
      setBit(bits, i, on);
      want[i] = on ? 1 : 0;
    }
    expect(bitsToArray(bits, count)).toEqual(want);
    expect(want.filter((f) => f === 1).length).toBeGreaterThan(0);
    expect(bitAt(bitArray(64), 63)).toBe(0);
  });

  it('should copy values into the new length, zeros after them, bits and sign kept', () => {
    expect(resized([1.5, -0, 3], 5)).toEqual([1.5, -0, 3, 0, 0]);
    expect(Object.is(resized([-0], 1)[0], -0)).toBe(true);
    expect(resized([1, 2, 3], 2)).toEqual([1, 2]);
    expect(doubles(3)).toEqual([0, 0, 0]);
  });

  it('should grow 1, 2, 4 … up to the bound', () => {
    const sizes = [0];
    while (sizes[sizes.length - 1] < 100) sizes.push(grownLength(sizes[sizes.length - 1], 100));
    expect(sizes).toEqual([0, 1, 2, 4, 8, 16, 32, 64, 100]);
  });
});
