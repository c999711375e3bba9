import { InfluxWriteError } from '../../src/persistence/influx/influx-failure';
import { toLineProtocol } from '../../src/persistence/line-protocol';
import { PointMapper } from '../../src/persistence/point.mapper';
import { InfluxdServer } from '../support/influxd';
import { describeWithServer } from '../support/server-binary';
import {
  T0,
  conflictingPoint,
  eventually,
  metricSum,
  sensor,
  useInfluxdSinks,
} from './influx-sink.fixtures';

/** The sink's rejection, classified (the forwarder decides from `failure.kind`). */
async function failureOf(write: Promise<void>) {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InfluxWriteError);
  return (error as InfluxWriteError).failure;
}

describeWithServer('influxd', 'influxdb', 'InfluxSink failures against a real InfluxDB 1.x', () => {
  const { server, make } = useInfluxdSinks();
  const mapper = new PointMapper();

  it('should classify a down InfluxDB as unavailable, say so in its state, and write again once it is back', async () => {
    const { write, sink, reader, metrics } = make({ timeoutMs: 1000 });
    await write(mapper.toPoints([sensor('before', 1)]));
    await server.stop();
    try {
      const failure = await failureOf(write(mapper.toPoints([sensor('during', 1, T0 + 1)])));
      expect(failure).toMatchObject({ kind: 'unavailable', reason: 'unreachable' });
      expect(sink.state()).toMatchObject({
        ready: false,
        detail: expect.stringMatching(/unreachable/),
      });
      const unreachable = { reason: 'unreachable' };
      expect(await metricSum(metrics.writesFailed, 'iiot_writes_failed_total', unreachable)).toBe(
        1,
      );
    } finally {
      await server.start();
    }
    await write(mapper.toPoints([sensor('after', 2, T0 + 10)]));
    expect(sink.state().ready).toBe(true);
    const stored = await reader.query(
      'SELECT COUNT(value) FROM "GenericSensor" GROUP BY sensor_name',
    );
    const bySensor = Object.fromEntries(stored.map((s) => [s.tags?.sensor_name, s.values[0][1]]));
    expect(bySensor).toEqual({ before: 1, after: 1 });
  }, 30_000);

  it('should classify a field type conflict as rejected data, while InfluxDB 1.x stores the good lines of that batch', async () => {
    const { sink, reader } = make();
    await sink.write(toLineProtocol(mapper.toPoints([sensor('S', 1.5)])));
    const conflicting = conflictingPoint(T0 + 1);
    const batch = toLineProtocol([conflicting, ...mapper.toPoints([sensor('T', 3, T0 + 2)])]);
    const failure = await failureOf(sink.write(batch));
    expect(failure.kind).toBe('rejected');
    expect(failure.detail).toMatch(/field type conflict/);
    // Refused data says nothing about InfluxDB's health.
    expect(sink.state().ready).toBe(true);
    // This partial write is what lets the forwarder resend good lines while bisecting: harmless.
    const rows = await reader.query('SELECT value FROM "GenericSensor" GROUP BY sensor_name');
    expect(
      Object.fromEntries(rows.map((s) => [s.tags?.sensor_name, s.values.map(([, v]) => v)])),
    ).toEqual({ S: [1.5], T: [3] });
  });

  it('should start while InfluxDB is down and detect it once it answers', async () => {
    const late = new InfluxdServer();
    await late.start();
    await late.stop();
    try {
      const { sink, write } = make({ url: late.url });
      sink.start();
      const down = await eventually(
        () => sink.state(),
        (h) => /unreachable/.test(h.detail),
      );
      expect(down).toMatchObject({ ready: false });
      expect(down.api).toBeUndefined();
      await late.start();
      const up = await eventually(
        () => sink.state(),
        (h) => h.ready,
      );
      expect(up).toMatchObject({ ready: true, api: 'v1' });
      await write(mapper.toPoints([sensor('late', 1)]));
    } finally {
      await late.destroy();
    }
  }, 40_000);

  it('should create the database again when it disappears while running', async () => {
    const { write, db, reader } = make();
    await write(mapper.toPoints([sensor('A', 1)]));
    await server.query(`DROP DATABASE "${db}"`);
    await write(mapper.toPoints([sensor('B', 2)]));
    const [series] = await reader.query('SELECT value, sensor_name FROM "GenericSensor"');
    expect(series.values.map(([, v, s]) => [v, s])).toEqual([[2, 'B']]);
  });

  it('should make a 404 from the v2 endpoint a config fault naming the bucket', async () => {
    const { sink, write } = make({ api: 'v2', bucket: 'plant' });
    const failure = await failureOf(write(mapper.toPoints([sensor('x', 1)])));
    expect(failure.kind).toBe('config');
    expect(sink.state()).toMatchObject({
      ready: false,
      api: 'v2',
      detail: expect.stringContaining('bucket "plant"'),
    });
  });
});
