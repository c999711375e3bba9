import type { DetectionResult, Sample, ScoredSample } from '../common/domain/sample';
import { PointMapper } from './point.mapper';
import { scoredSamplesFromLines } from './point.reader';

const mapper = new PointMapper();
const roundTrip = (samples: ScoredSample[]) =>
  scoredSamplesFromLines(mapper.toPoints(samples).map((p) => p.toLineProtocol()!));

const analytics: DetectionResult = {
  anomaly: true,
  anomalyRatio: 0.25,
  modelAvg: 1 / 3,
  modelStd: 0.1,
  zScore: -7.123456789012345,
  threshold: 3.5,
};

describe(scoredSamplesFromLines.name, () => {
  const awkward = [
    'a,b',
    'with space',
    'k=v',
    'back\\slash',
    'back\\,comma',
    'x\\ =y',
    'Ünïcode €',
  ];

  it.each(awkward)('should give back samples of every kind, name %j included', (name) => {
    const samples: Sample[] = [
      { kind: 'state', line: name, machine: 'm', name: 'Mode', value: 3, time: 1_700_000_000_123 },
      { kind: 'sensor', line: 'L', machine: name, name: 'T', value: 0.1 + 0.2, time: 1 },
      { kind: 'sensor', line: 'L', machine: 'm', name, value: -1e-300, time: 2 },
      {
        kind: 'vibration',
        line: 'L',
        machine: 'm',
        name,
        x: 1.5,
        y: 2,
        z: 1e21,
        total: Math.PI,
        time: 3,
      },
    ];
    expect(roundTrip(samples)).toEqual(samples);
    // Analysed: SingleSensorAnalytics / VibSensor with the analytics fields around the values.
    const analysed = samples.map((s) => (s.kind === 'state' ? s : { ...s, analytics }));
    expect(roundTrip(analysed)).toEqual(analysed);
  });

  it('should give back what InfluxDB could not store as NaN, and an ended run on its sample', () => {
    const sample: ScoredSample = {
      kind: 'vibration',
      line: 'L',
      machine: 'm',
      name: 'v',
      x: 1,
      y: 1,
      z: 1,
      total: Math.sqrt(3),
      time: 10,
      analytics: {
        ...analytics,
        anomaly: false,
        modelStd: Number.NaN,
        zScore: Number.NaN,
        endedRun: { start: 4, end: 9, samples: 6, peakZ: -8.5 },
      },
    };
    const other: ScoredSample = {
      kind: 'sensor',
      line: 'L',
      machine: 'm',
      name: 'v',
      value: 2,
      time: 11,
      analytics: { ...analytics, endedRun: { start: 1, end: 2, samples: 2, peakZ: Number.NaN } },
    };
    expect(roundTrip([sample, other])).toEqual([sample, other]);
  });

  it('should give back random doubles bit for bit', () => {
    const samples: ScoredSample[] = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'sensor',
      line: 'L',
      machine: 'm',
      name: 's',
      value: (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20),
      time: i,
    }));
    const back = roundTrip(samples);
    expect(back).toHaveLength(1000);
    expect(
      back.every(
        (s, i) =>
          s.kind === 'sensor' && Object.is(s.value, (samples[i] as { value: number }).value),
      ),
    ).toBe(true);
  });

  it('should skip foreign and broken lines, and an event without its sample', () => {
    const event = mapper.eventPoint(
      { kind: 'sensor', line: 'L', machine: 'm', name: 's', value: 1, time: 5 },
      { start: 1, end: 4, samples: 4, peakZ: 9 },
    );
    const lines = [
      event.toLineProtocol()!,
      'cpu,host=a usage=1 5',
      'GenericSensor,line_name=L value=1',
      '',
    ];
    expect(scoredSamplesFromLines(lines)).toEqual([]);
  });
});
