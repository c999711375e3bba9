import { buildCommand, parseOptions } from './options';
import { LatencyHistogram } from './stats';

const parse = (...argv: string[]) =>
  parseOptions(
    argv,
    buildCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined }),
  );

describe('simulator options', () => {
  it('should take the documented flags and give defaults for the rest', () => {
    expect(
      parse(
        '--url',
        'http://127.0.0.1:3000/',
        '--key',
        'k',
        '--lines',
        '2',
        '--machines',
        '4',
        '--rate',
        '50',
        '--duration',
        '5',
        '--anomaly-rate',
        '0.05',
        '--batch',
      ),
    ).toMatchObject({
      url: 'http://127.0.0.1:3000',
      key: 'k',
      lines: 2,
      machines: 4,
      rate: 50,
      duration: 5,
      anomalyRate: 0.05,
      batch: true,
      batchSize: 500,
      timeout: 10_000,
      drain: 15,
      seed: 1,
      linePrefix: 'Line',
    });
    expect(parse()).toMatchObject({
      url: 'http://127.0.0.1:3000',
      lines: 1,
      machines: 3,
      rate: 20,
      batch: false,
    });
  });

  it('should refuse values a run cannot use', () => {
    expect(() => parse('--rate', '5000')).toThrow(/rate/);
    expect(() => parse('--machines', '1.5')).toThrow(/machines/);
    expect(() => parse('--anomaly-rate', '2')).toThrow(/anomaly-rate/);
    expect(() => parse('--url', 'ftp://x')).toThrow(/url/);
    expect(() => parse('--duration', 'ten')).toThrow(/duration/);
  });
});

describe(LatencyHistogram.name, () => {
  it('should give quantiles within its 5 % bucket width', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i / 10);
    expect(h.quantile(0.5)! / 50).toBeGreaterThan(0.99);
    expect(h.quantile(0.5)! / 50).toBeLessThan(1.06);
    expect(h.quantile(0.99)! / 99).toBeLessThan(1.06);
    expect(h.quantile(1)).toBe(100);
    expect(new LatencyHistogram().quantile(0.5)).toBeUndefined();
  });
});
