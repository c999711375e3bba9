import { AnomalyRing } from './anomaly-ring';
import type { RecentAnomaly } from './latest-state.types';

const at = (time: number): RecentAnomaly => ({
  time,
  line: 'L',
  machine: 'M',
  sensor: 'S',
  kind: 'sensor',
  value: time,
  zScore: 3,
  modelAvg: 0,
  threshold: 2,
  anomalyRatio: 0,
});

describe(AnomalyRing.name, () => {
  it('should hand back what it holds, newest first, before it is full', () => {
    const ring = new AnomalyRing<RecentAnomaly>(4);
    expect(ring.newestFirst()).toEqual([]);
    [1, 2, 3].forEach((t) => ring.push(at(t)));
    expect(ring.newestFirst().map((a) => a.time)).toEqual([3, 2, 1]);
  });

  it('should never hold more than its capacity, dropping the oldest', () => {
    const ring = new AnomalyRing<RecentAnomaly>(3);
    for (let t = 1; t <= 10; t++) ring.push(at(t));
    expect(ring.size).toBe(3);
    expect(ring.newestFirst().map((a) => a.time)).toEqual([10, 9, 8]);
  });

  it('should refuse a capacity that is not a positive integer', () => {
    expect(() => new AnomalyRing(0)).toThrow(/positive integer/);
    expect(() => new AnomalyRing(1.5)).toThrow(/positive integer/);
  });
});
