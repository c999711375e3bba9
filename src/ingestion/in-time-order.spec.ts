import type { Sample } from '../common/domain/sample';
import { inTimeOrder } from './ingestion.service';

const at = (time: number, value: number): Sample => ({
  kind: 'sensor',
  line: 'L',
  machine: 'M',
  name: 'T',
  time,
  value,
});

describe(inTimeOrder.name, () => {
  it('should sort by time, keeping the order of equal times', () => {
    const sorted = inTimeOrder([at(3, 1), at(1, 2), at(3, 3), at(2, 4)]);
    expect(sorted.map((s) => [s.time, (s as { value: number }).value])).toEqual([
      [1, 2],
      [2, 4],
      [3, 1],
      [3, 3],
    ]);
  });

  it('should hand back a sorted request as it is, without a copy', () => {
    const samples = [at(1, 1), at(1, 2), at(5, 3)];
    expect(inTimeOrder(samples)).toBe(samples);
  });
});
