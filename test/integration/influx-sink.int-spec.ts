import { StorageUnavailableError } from '../../src/common/errors/domain-errors';
import { InfluxWriteError } from '../../src/persistence/influx/influx-failure';
import { PointMapper } from '../../src/persistence/point.mapper';
import { describeWithServer } from '../support/server-binary';
import { T0, analytics, sensor, useInfluxdSinks } from './influx-sink.fixtures';

describeWithServer('influxd', 'influxdb', 'InfluxSink against a real InfluxDB 1.x', () => {
  const { server, make, nextDatabase } = useInfluxdSinks();
  const mapper = new PointMapper();

  it('should detect v1 from /ping, create the database and report itself ready', async () => {
    const { write, sink, db } = make();
    await write(mapper.toPoints([sensor('Temp', 1)]));
    expect(sink.state()).toEqual({
      ready: true,
      detail: 'connected',
      version: expect.stringMatching(/^1\.6\./),
      api: 'v1',
    });
    expect((await server.rows('SHOW DATABASES')).map((r) => r.name)).toContain(db);
  });

  it('should store the mapped schema with the exact field types, read back through InfluxQL', async () => {
    const { write, reader, db } = make();
    await write(
      mapper.toPoints([
        { kind: 'state', line: 'Line1', machine: 'Press 1', name: 'Running', value: 1, time: T0 },
        sensor('Oil,Temp', 42),
        { ...sensor('Temp', 13, T0 + 1), analytics },
        {
          kind: 'vibration',
          line: 'Line1',
          machine: 'Press 1',
          name: 'Vib1',
          x: 0.3,
          y: 0.4,
          z: 1.2,
          total: 1.3,
          time: T0,
        },
        {
          kind: 'vibration',
          line: 'Line1',
          machine: 'Press 1',
          name: 'Vib2',
          x: 3,
          y: 4,
          z: 12,
          total: 13,
          time: T0,
          analytics: { ...analytics, anomaly: false },
        },
      ]),
    );
    const types = Object.fromEntries(
      (await reader.query('SHOW FIELD KEYS')).map((s) => [
        s.name,
        Object.fromEntries(s.values.map(([k, t]) => [k, t])),
      ]),
    );
    const analyticsTypes = {
      anomaly: 'integer',
      anomaly_ratio: 'float',
      model_avg: 'float',
      model_std: 'float',
      z_score: 'float',
      z_score_thresh: 'float',
    };
    expect(types).toEqual({
      GenericState: { value: 'integer' },
      GenericSensor: { value: 'float' },
      SingleSensorAnalytics: { value: 'float', ...analyticsTypes },
      VibSensor: {
        vib_accel_rms_x: 'float',
        vib_accel_rms_y: 'float',
        vib_accel_rms_z: 'float',
        vib_accel_rms_total: 'float',
        ...analyticsTypes,
      },
    });
    const [analysed] = await reader.query('SELECT * FROM "SingleSensorAnalytics"');
    const row = Object.fromEntries(analysed.columns.map((c, i) => [c, analysed.values[0][i]]));
    expect(row).toEqual({
      time: T0 + 1,
      line_name: 'Line1',
      machine_name: 'Press 1',
      sensor_name: 'Temp',
      value: 13,
      anomaly: 1,
      anomaly_ratio: 1,
      model_avg: 10.48,
      model_std: 0.5099019513592784,
      z_score: 4.942126605482238,
      z_score_thresh: 2,
    });
    const vib = await server.rows('SELECT * FROM "VibSensor" WHERE sensor_name = \'Vib1\'', db);
    expect(vib).toEqual([expect.objectContaining({ vib_accel_rms_total: 1.3, anomaly: null })]);
  });

  it('should round-trip tag values with commas, equals signs, spaces and unicode', async () => {
    const names = [
      'Oil,Temp',
      'a=b',
      'Press 1 ',
      ' lead',
      'trailing,',
      'trailing=',
      'Öl °C',
      '温度传感器',
      'emoji 🌡️',
      "quote\"s 'n'",
    ];
    const { write, reader } = make();
    await write(mapper.toPoints(names.map((name, i) => sensor(name, i, T0, `M ${name}`))));
    const [series] = await reader.query(
      'SHOW TAG VALUES FROM "GenericSensor" WITH KEY = "sensor_name"',
    );
    expect(series.values.map(([, v]) => v).sort()).toEqual([...names].sort());
    const machines = await reader.query(
      'SHOW TAG VALUES FROM "GenericSensor" WITH KEY = "machine_name"',
    );
    expect(machines[0].values.map(([, v]) => v).sort()).toEqual(names.map((n) => `M ${n}`).sort());
  });

  it('should store huge, tiny and whole floats as floats, exactly', async () => {
    const values = [1e21, 1e-7, 5e-324, 1.7976931348623157e308, -1234567.875, 42, 0];
    const { write, reader } = make();
    await write(mapper.toPoints(values.map((v, i) => sensor('F', v, T0 + i))));
    const [series] = await reader.query('SELECT value FROM "GenericSensor" ORDER BY time');
    expect(series.values.map(([, v]) => v)).toEqual(values);
    expect((await reader.query('SHOW FIELD KEYS'))[0].values).toEqual([['value', 'float']]);
  });

  it('should write gzip-compressed batches when INFLUX_GZIP is on', async () => {
    const { write, reader } = make({ gzip: true });
    await write(mapper.toPoints(Array.from({ length: 2000 }, (_, i) => sensor('gz', i, T0 + i))));
    const [series] = await reader.query('SELECT COUNT(value) FROM "GenericSensor"');
    expect(series.values[0][1]).toBe(2000);
  });

  it('should write into the retention policy of a db/rp bucket, and name a missing one in readiness', async () => {
    const { write, db } = make({ bucket: `${nextDatabase()}/autogen` });
    await write(mapper.toPoints([sensor('rp', 1)]));
    expect(await server.rows('SELECT value FROM "autogen"."GenericSensor"', db)).toEqual([
      { time: T0, value: 1 },
    ]);

    const missing = make({ bucket: `${nextDatabase()}/no_such_rp` });
    const error = await missing.write(mapper.toPoints([sensor('rp', 1)])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxWriteError);
    expect((error as InfluxWriteError).failure.kind).toBe('config');
    expect(missing.sink.state()).toMatchObject({
      ready: false,
      detail: expect.stringContaining('retention policy not found'),
    });
  });

  it('should turn InfluxQL errors into StorageUnavailableError', async () => {
    const { reader, write } = make();
    await expect(reader.query('SELECT * FROM "GenericSensor"')).rejects.toThrow(
      /database not found/,
    );
    await write(mapper.toPoints([sensor('q', 1)]));
    await expect(reader.query('SELEKT nonsense')).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(reader.query('SELECT * FROM "NoSuchMeasurement"')).resolves.toEqual([]);
  });
});
