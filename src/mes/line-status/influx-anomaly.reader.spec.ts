import { InfluxQlClient, InfluxQlSeries } from '../../persistence/influx/influxql.client';
import { InfluxAnomalyReader, influxQlString } from './influx-anomaly.reader';

/** Answers by measurement name and records the InfluxQL it was sent (unit test of our own logic). */
class FakeInfluxQl extends InfluxQlClient {
  readonly queries: string[] = [];
  constructor(private readonly answers: Record<string, InfluxQlSeries[]>) {
    super();
  }
  async query(influxql: string): Promise<InfluxQlSeries[]> {
    this.queries.push(influxql);
    const measurement = /FROM "(\w+)"/.exec(influxql)![1];
    return this.answers[measurement] ?? [];
  }
}

const SENSOR_COLUMNS = [
  'time',
  'value',
  'z_score',
  'model_avg',
  'z_score_thresh',
  'anomaly_ratio',
  'machine_name',
  'sensor_name',
];
const VIB_COLUMNS = ['time', 'vib_accel_rms_total', ...SENSOR_COLUMNS.slice(2)];

describe('influxQlString', () => {
  it.each([
    ['line1', "'line1'"],
    ["it's", "'it\\'s'"],
    ['a\\b', "'a\\\\b'"],
    ["x\\' OR 1=1 --", "'x\\\\\\' OR 1=1 --'"],
    ['two\nlines', "'two\\nlines'"],
  ])('should quote %j as %s', (raw, literal) => {
    expect(influxQlString(raw)).toBe(literal);
  });
});

describe(InfluxAnomalyReader.name, () => {
  it('should query both measurements for one line, range and limit, newest first', async () => {
    const client = new FakeInfluxQl({});
    await new InfluxAnomalyReader(client).find({ line: "O'Brien", from: 1000, to: 2000, limit: 5 });
    expect(client.queries).toEqual([
      'SELECT "value", "z_score", "model_avg", "z_score_thresh", "anomaly_ratio", "machine_name", ' +
        '"sensor_name" FROM "SingleSensorAnalytics" WHERE "line_name" = \'O\\\'Brien\' AND ' +
        '"anomaly" = 1 AND time >= 1000ms AND time <= 2000ms ORDER BY time DESC LIMIT 5',
      'SELECT "vib_accel_rms_total", "z_score", "model_avg", "z_score_thresh", "anomaly_ratio", ' +
        '"machine_name", "sensor_name" FROM "VibSensor" WHERE "line_name" = \'O\\\'Brien\' AND ' +
        '"anomaly" = 1 AND time >= 1000ms AND time <= 2000ms ORDER BY time DESC LIMIT 5',
    ]);
  });

  it('should merge both measurements by time and cut to the limit', async () => {
    const client = new FakeInfluxQl({
      SingleSensorAnalytics: [
        {
          name: 'SingleSensorAnalytics',
          columns: SENSOR_COLUMNS,
          values: [
            [3000, 50, 4, 10, 2, 0.1, 'M1', 'temp'],
            [1000, 40, 3, 10, 2, 0.05, 'M1', 'temp'],
          ],
        },
      ],
      VibSensor: [
        {
          name: 'VibSensor',
          columns: VIB_COLUMNS,
          values: [[2000, 7.5, -3, 1, 2, 0.2, 'M2', 'spindle']],
        },
      ],
    });
    const reader = new InfluxAnomalyReader(client);
    expect(reader.source).toBe('influxdb');
    const found = await reader.find({ line: 'L1', from: 0, to: 5000, limit: 2 });
    expect(found).toEqual([
      {
        time: 3000,
        line: 'L1',
        machine: 'M1',
        sensor: 'temp',
        kind: 'sensor',
        value: 50,
        zScore: 4,
        modelAvg: 10,
        threshold: 2,
        anomalyRatio: 0.1,
      },
      {
        time: 2000,
        line: 'L1',
        machine: 'M2',
        sensor: 'spindle',
        kind: 'vibration',
        value: 7.5,
        zScore: -3,
        modelAvg: 1,
        threshold: 2,
        anomalyRatio: 0.2,
      },
    ]);
  });

  it('should refuse a non-integer bound instead of writing it into the query', async () => {
    const client = new FakeInfluxQl({});
    await expect(
      new InfluxAnomalyReader(client).find({ line: 'L1', from: NaN, to: 1, limit: 1 }),
    ).rejects.toThrow(/from must be an integer/);
    expect(client.queries).toEqual([]);
  });

  it("should read the line's AnomalyEvent points, latest start first", async () => {
    const client = new FakeInfluxQl({
      AnomalyEvent: [
        {
          name: 'AnomalyEvent',
          columns: ['time', 'end', 'samples', 'peak_z', 'machine_name', 'sensor_name', 'kind'],
          values: [
            [1000, 3000, 3, -6.5, 'M1', 'temp', 'sensor'],
            [2000, 2000, 1, 9, 'M2', 'spindle', 'vibration'],
          ],
        },
      ],
    });
    const events = await new InfluxAnomalyReader(client).findEvents({
      line: "O'Brien",
      from: 0,
      to: 5000,
      limit: 5,
    });
    expect(client.queries).toEqual([
      'SELECT "end", "samples", "peak_z", "machine_name", "sensor_name", "kind" FROM ' +
        '"AnomalyEvent" WHERE "line_name" = \'O\\\'Brien\' AND time >= 0ms AND time <= 5000ms ' +
        'ORDER BY time DESC LIMIT 5',
    ]);
    expect(events).toEqual([
      {
        line: "O'Brien",
        machine: 'M2',
        sensor: 'spindle',
        kind: 'vibration',
        start: 2000,
        end: 2000,
        samples: 1,
        peakZ: 9,
      },
      expect.objectContaining({
        machine: 'M1',
        kind: 'sensor',
        start: 1000,
        end: 3000,
        peakZ: -6.5,
      }),
    ]);
  });
});
