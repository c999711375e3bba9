import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxdServer } from '../support/influxd';
import { storedPoints } from '../support/line-protocol';
import { describeWithServer } from '../support/server-binary';
import { ServiceProcess } from '../support/service-process';

const T0 = 1764000000000;
const post = (url: string, i: number) =>
  fetch(`${url}/generic-sensor`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/html;charset=UTF-8' },
    body: JSON.stringify({
      LineName: 'P',
      MachineName: `M${i % 8}`,
      SensorName: 'S',
      SensorValue: i,
      TimeStamp: T0 + i,
    }),
  });

describe('The built service as a process (embedded default)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'iiot-proc-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should start with no InfluxDB, say so, serve the legacy routes and /docs, and exit 0 on SIGTERM', async () => {
    const svc = await new ServiceProcess({ DATA_DIR: dataDir }).start();
    try {
      expect(await svc.waitForOutput(/No InfluxDB configured/)).toMatch(
        /No InfluxDB configured: writing line protocol to/,
      );
      const res = await post(svc.url, 1);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([{ Message: 'Sensor read successfully' }, 201]);
      expect((await fetch(`${svc.url}/docs`)).status).toBe(200);
      expect(storedPoints(dataDir)).toHaveLength(1);
    } finally {
      expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
  }, 60_000);

  it('should refuse to start on a bad variable, naming it', async () => {
    const svc = new ServiceProcess({ DATA_DIR: dataDir, MODEL_WINDOW_SIZE: 'many' });
    await expect(svc.start()).rejects.toThrow(/MODEL_WINDOW_SIZE/);
    expect(await svc.exit).toEqual({ code: 1, signal: null });
  }, 60_000);
});

describeWithServer('influxd', 'influxdb', 'SIGTERM with writes in flight (real InfluxDB)', () => {
  const influx = new InfluxdServer();
  beforeAll(() => influx.start(), 60_000);
  afterAll(() => influx.destroy());

  it('should finish every accepted request before exiting: each 2xx is in InfluxDB', async () => {
    const svc = await new ServiceProcess({
      INFLUX_URL: influx.url,
      INFLUX_BUCKET: 'term',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'iiot-proc-')),
    }).start();
    const acked: number[] = [];
    let sent = 0;
    // Eight PLCs, one request in flight each, until the service stops answering.
    const plc = async (id: number) => {
      for (let i = id; ; i += 8) {
        sent++;
        try {
          const res = await post(svc.url, i);
          if (res.status === 200) acked.push(i);
          else return;
        } catch {
          return; // connection refused or reset once the server closed
        }
      }
    };
    const plcs = Array.from({ length: 8 }, (_, id) => plc(id));
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 5));
    const exit = await svc.stop('SIGTERM');
    await Promise.all(plcs);
    expect(exit).toEqual({ code: 0, signal: null });
    const rows = await influx.rows(`SELECT value FROM GenericSensor WHERE line_name = 'P'`, 'term');
    const stored = new Set(rows.map((r) => r.value));
    expect(acked.length).toBeGreaterThanOrEqual(200);
    expect(sent).toBeGreaterThanOrEqual(acked.length);
    expect(acked.filter((v) => !stored.has(v))).toEqual([]);
  }, 60_000);
});
