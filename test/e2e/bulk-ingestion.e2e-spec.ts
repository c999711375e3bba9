import request from 'supertest';
import type { App } from 'supertest/types';
import { storedPoints } from '../support/line-protocol';
import { gaussian, rng } from '../../src/common/random/random';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const T0 = 1764000000000;
/** The old server's detector parameters (W = 25, T = 2): short series reach their anomalies. */
const LEGACY = { ANOMALY_PRESET: 'legacy' };
const BATCH = '/api/v1/ingest/batch';
const SERIES = '/api/v1/ingest/series';

/** A noisy signal with spikes, so an analysed sensor's points carry anomalies. */
function signal(n: number, seed: number): number[] {
  const next = rng(seed);
  return Array.from({ length: n }, (_, i) => 20 + gaussian(next) + (i % 17 === 16 ? 9 : 0));
}

/** The single-route bodies of the values of sensor Temp on line L, machine M. */
function tempSensorBodies(values: number[], time: (i: number) => number): Array<[string, object]> {
  return values.map((v, i) => [
    '/api/v1/ingest/sensor',
    { LineName: 'L', MachineName: 'M', SensorName: 'Temp', SensorValue: v, TimeStamp: time(i) },
  ]);
}

const sorted = <T>(xs: T[]) =>
  [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('Batch and series ingestion (embedded line-protocol store)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  const files = sensorFiles(['Temp'], ['SpindleVib']);

  beforeEach(async () => {
    t = await createTestApp(LEGACY, { files });
  });
  afterEach(() => t.close());

  /** A second app, fed sample by sample through the single routes, to compare with. */
  async function singlesOf(bodies: Array<[string, object]>) {
    const other = await createTestApp(LEGACY, { files });
    try {
      for (const [route, body] of bodies) {
        await request(other.server() as App)
          .post(route)
          .send(body)
          .expect(202);
      }
      return storedPoints(other.dataDir);
    } finally {
      await other.close();
    }
  }

  it('should store and score a series exactly as the same values posted one by one', async () => {
    const values = signal(80, 1);
    const res = await http()
      .post(SERIES)
      .send({
        LineName: 'L',
        MachineName: 'M',
        SensorName: 'Temp',
        StartTime: T0,
        IntervalMs: 5,
        Values: values,
      })
      .expect(202);
    expect(res.body).toEqual({ accepted: 80 });
    const stored = storedPoints(t.dataDir);
    const singles = await singlesOf(tempSensorBodies(values, (i) => T0 + 5 * i));
    expect(
      stored.filter((p) => p.fields.anomaly && (p.fields.anomaly as { int: number }).int === 1)
        .length,
    ).toBeGreaterThan(2);
    expect(stored).toEqual(singles);
  });

  it('should score a series with unsorted TimeStamps in time order', async () => {
    const values = signal(60, 2);
    const times = values.map((_, i) => T0 + 10 * i);
    const order = values.map((_, i) => i).sort((a, b) => ((a * 37) % 61) - ((b * 37) % 61));
    await http()
      .post(SERIES)
      .send({
        LineName: 'L',
        MachineName: 'M',
        SensorName: 'Temp',
        TimeStamps: order.map((i) => (i % 2 ? new Date(times[i]).toISOString() : times[i])),
        Values: order.map((i) => values[i]),
      })
      .expect(202, { accepted: 60 });
    const singles = await singlesOf(tempSensorBodies(values, (i) => times[i]));
    const stored = storedPoints(t.dataDir);
    // Events of ended anomaly runs are points too (at the run's start); the samples are in order.
    const samplePoints = stored.filter((p) => p.measurement !== 'AnomalyEvent');
    expect(samplePoints.map((p) => p.time)).toEqual(times);
    expect(stored).toEqual(singles);
  });

  it('should store a mixed batch as the single routes would, items overriding line and machine', async () => {
    const temps = signal(40, 3);
    const items: Array<Record<string, unknown>> = [];
    const singles: Array<[string, object]> = [];
    temps.forEach((v, i) => {
      const machine = i % 2 ? 'M2' : undefined;
      items.push({
        Type: 'sensor',
        SensorName: 'Temp',
        SensorValue: v,
        TimeStamp: T0 + i,
        ...(machine && { MachineName: machine }),
      });
      singles.push([
        '/api/v1/ingest/sensor',
        {
          LineName: 'L',
          MachineName: machine ?? 'M',
          SensorName: 'Temp',
          SensorValue: v,
          TimeStamp: T0 + i,
        },
      ]);
    });
    items.push({
      Type: 'state',
      LineName: 'L2',
      StateName: 'Run',
      StateValue: true,
      TimeStamp: T0,
    });
    singles.push([
      '/api/v1/ingest/state',
      { LineName: 'L2', MachineName: 'M', StateName: 'Run', StateValue: true, TimeStamp: T0 },
    ]);
    const vib = {
      SensorName: 'SpindleVib',
      VibAccelTotRmsX: 3,
      VibAccelTotRmsY: 4,
      VibAccelTotRmsZ: 12,
      TimeStamp: T0 + 1,
    };
    items.push({ Type: 'vibration', ...vib });
    singles.push(['/api/v1/ingest/vibration', { LineName: 'L', MachineName: 'M', ...vib }]);
    items.push({
      Type: 'sensor',
      SensorName: 'Plain',
      SensorValue: 7,
      TimeStamp: T0 + 2,
      Extra: 'ignored',
    });
    singles.push([
      '/api/v1/ingest/sensor',
      { LineName: 'L', MachineName: 'M', SensorName: 'Plain', SensorValue: 7, TimeStamp: T0 + 2 },
    ]);

    // Reversed: the analysed series must still be scored in time order.
    const res = await http()
      .post(BATCH)
      .send({ LineName: 'L', MachineName: 'M', Samples: [...items].reverse() })
      .expect(202);
    expect(res.body).toEqual({ accepted: items.length });
    const stored = storedPoints(t.dataDir);
    expect(sorted(stored)).toEqual(sorted(await singlesOf(singles)));
    const tagsOf = (name: string) =>
      stored
        .filter((p) => p.tags.state_name === name || p.tags.sensor_name === name)
        .map((p) => p.tags);
    expect(tagsOf('Run')).toEqual([{ line_name: 'L2', machine_name: 'M', state_name: 'Run' }]);
    expect(new Set(tagsOf('Temp').map((tags) => tags.machine_name))).toEqual(new Set(['M', 'M2']));
  });

  it('should refuse a whole batch naming every bad field of every item, and store nothing', async () => {
    const res = await http()
      .post(BATCH)
      .send({
        LineName: 'L',
        MachineName: 'M',
        Samples: [
          { Type: 'sensor', SensorName: 'A', SensorValue: 1 },
          { Type: 'sensor', SensorName: 'A', SensorValue: '2' },
          { Type: 'state', StateName: '', StateValue: 1.5, TimeStamp: 'yesterday' },
          { Type: 'pressure', SensorName: 'A', SensorValue: 1 },
          {
            Type: 'vibration',
            MachineName: 'bad\\',
            SensorName: 'V',
            VibAccelTotRmsX: 1,
            VibAccelTotRmsY: 1,
          },
          42,
        ],
      })
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request',
    });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'Samples[1].SensorValue',
      'Samples[2].StateName',
      'Samples[2].StateValue',
      'Samples[2].TimeStamp',
      'Samples[3].Type',
      'Samples[4].MachineName',
      'Samples[4].VibAccelTotRmsZ',
      'Samples[5]',
    ]);
    expect(res.body.errors[0].message).toBe('SensorValue must be a finite number');
    expect(storedPoints(t.dataDir)).toEqual([]);
  });

  it.each([
    [
      'no top-level names',
      { Samples: [{ Type: 'sensor', SensorName: 'A', SensorValue: 1 }] },
      ['LineName', 'MachineName'],
    ],
    ['empty Samples', { LineName: 'L', MachineName: 'M', Samples: [] }, ['Samples']],
    [
      'Samples not an array',
      { LineName: 'L', MachineName: 'M', Samples: { Type: 'sensor' } },
      ['Samples'],
    ],
    [
      'an item without Type',
      { LineName: 'L', MachineName: 'M', Samples: [{ SensorName: 'A', SensorValue: 1 }] },
      ['Samples[0].Type'],
    ],
  ])('should answer 400 for a batch with %s', async (_case, body, fields) => {
    const res = await http().post(BATCH).send(body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(fields),
    );
    expect(storedPoints(t.dataDir)).toEqual([]);
  });

  const series = {
    LineName: 'L',
    MachineName: 'M',
    SensorName: 'S',
    StartTime: T0,
    IntervalMs: 1,
    Values: [1, 2, 3],
  };
  it.each([
    [
      'a value that is not a number',
      { ...series, Values: [1, '2', 3, null] },
      'Values',
      /Values\[1\], Values\[3\] must be finite numbers/,
    ],
    [
      'no StartTime and no TimeStamps',
      { ...series, StartTime: undefined },
      'StartTime',
      /TimeStamp|epoch/,
    ],
    [
      'IntervalMs 0',
      { ...series, IntervalMs: 0 },
      'IntervalMs',
      /IntervalMs must not be less than 1/,
    ],
    ['IntervalMs 1.5', { ...series, IntervalMs: 1.5 }, 'IntervalMs', /integer/],
    [
      'TimeStamps beside StartTime',
      { ...series, TimeStamps: [T0, T0 + 1, T0 + 2] },
      'StartTime',
      /cannot be combined/,
    ],
    [
      'TimeStamps of another length',
      { ...series, StartTime: undefined, IntervalMs: undefined, TimeStamps: [T0, T0 + 1] },
      'TimeStamps',
      /one entry per Values \(3\)/,
    ],
    [
      'a bad TimeStamps entry',
      { ...series, StartTime: undefined, IntervalMs: undefined, TimeStamps: [T0, 'soon', T0 + 2] },
      'TimeStamps',
      /TimeStamps\[1\] must be valid TimeStamps/,
    ],
    [
      'a series ending in the future',
      { ...series, StartTime: Date.now(), IntervalMs: 3_600_000 },
      'IntervalMs',
      /series ends at .* in the future/,
    ],
    ['no values', { ...series, Values: [] }, 'Values', /Values should not be empty/],
  ])('should answer 400 for a series with %s', async (_case, body, field, message) => {
    const res = await http().post(SERIES).send(body).expect(400);
    const error = res.body.errors.find((e: { field: string }) => e.field === field);
    expect(error?.message).toMatch(message);
    expect(storedPoints(t.dataDir)).toEqual([]);
  });

  it('should answer 413 with the error body above 10,000 batch items and store nothing', async () => {
    const item = { Type: 'sensor', SensorName: 'S', SensorValue: 1, TimeStamp: T0 };
    const res = await http()
      .post(BATCH)
      .send({
        LineName: 'L',
        MachineName: 'M',
        Samples: Array.from({ length: 10_001 }, () => item),
      })
      .expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      errors: [{ field: 'Samples' }],
    });
    expect(storedPoints(t.dataDir)).toEqual([]);
  });

  it('should accept exactly 10,000 batch items', async () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => ({
      Type: 'sensor',
      SensorName: `S${i % 7}`,
      SensorValue: i,
      TimeStamp: T0 + i,
    }));
    await http()
      .post(BATCH)
      .send({ LineName: 'L', MachineName: 'M', Samples: samples })
      .expect(202, { accepted: 10_000 });
    expect(storedPoints(t.dataDir)).toHaveLength(10_000);
  });

  it('should answer 413 above 100,000 series values, and accept exactly 100,000', async () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i % 100);
    const over = await http()
      .post(SERIES)
      .send({ ...series, Values: values(100_001) })
      .expect(413);
    expect(over.body).toMatchObject({ statusCode: 413, errors: [{ field: 'Values' }] });
    expect(storedPoints(t.dataDir)).toEqual([]);
    await http()
      .post(SERIES)
      .send({ ...series, Values: values(100_000) })
      .expect(202, { accepted: 100_000 });
    const stored = storedPoints(t.dataDir);
    expect(stored).toHaveLength(100_000);
    expect([stored[0].time, stored[99_999].time]).toEqual([T0, T0 + 99_999]);
  }, 30_000);
});
