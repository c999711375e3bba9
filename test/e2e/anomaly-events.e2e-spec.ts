import request from 'supertest';
import type { App } from 'supertest/types';
import { ParsedPoint, storedPoints } from '../support/line-protocol';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

const T0 = Date.now() - 60_000;
const DETECTOR = '/api/v1/analytics/detectors/sensor/line1/press1/temp';

/** Fields a resend must repeat exactly (DESIGN z-score 5). */
const analyticsOf = (p: ParsedPoint) =>
  Object.fromEntries(Object.entries(p.fields).filter(([name]) => name !== 'value'));

describe('Anomaly events and resends through the pipeline (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.server() as App);
  const send = (value: number, i: number) =>
    http()
      .post('/generic-sensor')
      .send({
        LineName: 'line1',
        MachineName: 'press1',
        SensorName: 'temp',
        SensorValue: value,
        TimeStamp: T0 + i * 1000,
      })
      .expect(200);
  const points = (measurement: string) =>
    storedPoints(t.dataDir).filter((p) => p.measurement === measurement);

  beforeEach(async () => {
    t = await createTestApp(
      { ANOMALY_WINDOW: '5', ANOMALY_THRESHOLD: '3', ANOMALY_REBASELINE_AFTER: '10' },
      { files: sensorFiles(['temp']) },
    );
    for (const [i, v] of [10, 11, 10, 11, 10, 10.5, 100, 90, -50].entries()) await send(v, i);
  });
  afterEach(() => t.close());

  it('should write one AnomalyEvent, right after the sample that ended the run', async () => {
    expect(points('AnomalyEvent')).toEqual([]);
    await send(10.4, 9);
    const stored = storedPoints(t.dataDir);
    const flagged = stored.filter(
      (p) => p.fields.anomaly && (p.fields.anomaly as { int: number }).int === 1,
    );
    expect(flagged.map((p) => p.time - T0)).toEqual([6000, 7000, 8000]);
    const peak = flagged
      .map((p) => p.fields.z_score as number)
      .sort((a, b) => Math.abs(b) - Math.abs(a))[0];
    expect(stored.at(-2)).toMatchObject({ measurement: 'SingleSensorAnalytics', time: T0 + 9000 });
    expect(stored.at(-1)).toEqual({
      measurement: 'AnomalyEvent',
      tags: { line_name: 'line1', machine_name: 'press1', sensor_name: 'temp', kind: 'sensor' },
      fields: {
        end: { int: T0 + 8000 },
        samples: { int: 3 },
        peak_z: peak,
        peak_abs_z: Math.abs(peak),
      },
      time: T0 + 6000,
    });
    expect(Math.abs(peak)).toBeGreaterThan(3);

    const { body } = await http().get('/api/v1/mes/lines/line1/anomalies?kind=events').expect(200);
    expect(body).toEqual({
      lineName: 'line1',
      source: 'memory',
      anomalies: [],
      events: [
        {
          start: new Date(T0 + 6000).toISOString(),
          end: new Date(T0 + 8000).toISOString(),
          lineName: 'line1',
          machineName: 'press1',
          sensorName: 'temp',
          kind: 'sensor',
          samples: 3,
          peakZ: peak,
          peakAbsZ: Math.abs(peak),
        },
      ],
    });
    const all = await http().get('/api/v1/mes/lines/line1/anomalies?kind=all').expect(200);
    expect([all.body.anomalies.length, all.body.events.length]).toEqual([3, 1]);
    const pointsOnly = await http().get('/api/v1/mes/lines/line1/anomalies').expect(200);
    expect(pointsOnly.body).not.toHaveProperty('events');
  });

  it('should store a resend with its first result, event included, and leave the model alone', async () => {
    await send(10.4, 9);
    const model = (await http().get(DETECTOR).expect(200)).body.state;
    const [first, event] = storedPoints(t.dataDir).slice(-2);
    // The PLC did not get the answer (timeout) and sends the same sample again; even a different
    // value under the same TimeStamp is the same sample to the detector.
    await send(10.4, 9);
    await send(55, 9);
    const again = storedPoints(t.dataDir).slice(-4);
    expect(again.map((p) => p.measurement)).toEqual([
      'SingleSensorAnalytics',
      'AnomalyEvent',
      'SingleSensorAnalytics',
      'AnomalyEvent',
    ]);
    for (const p of [again[0], again[2]]) expect(analyticsOf(p)).toEqual(analyticsOf(first));
    expect(again[1]).toEqual(event);
    expect(again[3]).toEqual(event);
    expect((await http().get(DETECTOR).expect(200)).body.state).toEqual(model);
    const { body } = await http().get('/api/v1/mes/lines/line1/anomalies?kind=events').expect(200);
    expect(body.events).toHaveLength(1);
  });

  it('should score a late sample against the model without changing it', async () => {
    const before = (await http().get(DETECTOR).expect(200)).body.state;
    await send(10.6, 5.5);
    const late = storedPoints(t.dataDir).at(-1)!;
    expect(late).toMatchObject({ time: T0 + 5500, fields: { anomaly: { int: 0 } } });
    expect((await http().get(DETECTOR).expect(200)).body.state).toEqual(before);
  });
});
