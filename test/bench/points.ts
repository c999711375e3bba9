import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxdServer } from '../support/influxd';
import { BATCH_ITEMS, SERIES_KINDS, SERIES_VALUES, T0 } from './common';
import { startService } from './servers';
import { median, WrkResult } from './wrk';

export async function countLanded(
  influx: InfluxdServer,
  db: string,
  line: string,
): Promise<number> {
  const measurements: Array<[string, string]> = [
    ['GenericSensor', 'value'],
    ['SingleSensorAnalytics', 'value'],
    ['GenericState', 'value'],
    ['VibSensor', 'vib_accel_rms_x'],
  ];
  let total = 0;
  for (const [m, field] of measurements) {
    const rows = await influx.rows(
      `SELECT count("${field}") FROM "${m}" WHERE line_name = '${line}'`,
      db,
    );
    total += Number(rows[0]?.count ?? 0);
  }
  return total;
}

/**
 * Points of each run counted in InfluxDB, divided by the time from the run's start until the last
 * of them was in InfluxDB (the run plus the journal's drain); median over runs.
 */
export async function landedPerSecond(
  influx: InfluxdServer,
  runs: WrkResult[],
  prefix: string,
): Promise<number> {
  const rates: number[] = [];
  for (const [i, run] of runs.entries()) {
    const landed = await countLanded(influx, 'bench', `${prefix}-${i + 1}`);
    rates.push(landed / (run.seconds + (run.drainSeconds ?? 0)));
  }
  return median(rates);
}

/**
 * The line protocol the service writes for the bench's batch and series bodies, taken from the
 * service itself (embedded mode writes the very lines it would send to InfluxDB), cut into
 * 5,000-line bodies: INFLUX_BATCH_SIZE, the size the service's own writes have.
 */
export async function samePoints(configDir: string): Promise<Record<string, string[]>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iiot-bench-lp-'));
  cpSyncConfig(configDir, dataDir);
  const service = await startService({ DATA_DIR: dataDir });
  const lines = () =>
    readdirSync(join(dataDir, 'data'))
      .flatMap((f) => readFileSync(join(dataDir, 'data', f), 'utf8').split('\n'))
      .filter((l) => l !== '' && !l.startsWith('#'));
  try {
    const post = async (route: string, body: object) => {
      const res = await fetch(`${service.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 202)
        throw new Error(`${route} answered ${res.status}: ${await res.text()}`);
    };
    const out: Record<string, string[]> = {};
    let seen = 0;
    const taken = () => {
      const all = lines();
      const fresh = all.slice(seen, seen + 5000);
      seen = all.length;
      return fresh;
    };
    for (let r = 0; r < 5; r++) await post('/api/v1/ingest/batch', batchBody(r));
    out.batch = taken();
    for (const [kind, sensor] of SERIES_KINDS) {
      await post('/api/v1/ingest/series', seriesBody(sensor));
      out[kind] = taken();
    }
    return out;
  } finally {
    await service.proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function cpSyncConfig(from: string, to: string): void {
  mkdirSync(join(to, 'config'), { recursive: true });
  for (const f of readdirSync(join(from, 'config'))) {
    writeFileSync(join(to, 'config', f), readFileSync(join(from, 'config', f)));
  }
}

/** The bodies batch.lua and series.lua send, built the same way (same items, names, values). */
export function batchBody(r: number): object {
  const base = T0 + r * BATCH_ITEMS;
  return {
    LineName: 'raw',
    MachineName: 'm0',
    Samples: Array.from({ length: BATCH_ITEMS }, (_, i) => {
      const m = `m${i % 4}`;
      const k = i % 10;
      const TimeStamp = base + i + 1;
      if (k < 6)
        return {
          Type: 'sensor',
          MachineName: m,
          SensorName: `s${i % 8}`,
          SensorValue: +(20 + Math.sin(i / 7)).toFixed(3),
          TimeStamp,
        };
      if (k < 8)
        return {
          Type: 'state',
          MachineName: m,
          StateName: `st${i % 3}`,
          StateValue: i % 5,
          TimeStamp,
        };
      return {
        Type: 'vibration',
        MachineName: m,
        SensorName: `v${i % 2}`,
        VibAccelTotRmsX: +(0.3 + (i % 7) / 10).toFixed(3),
        VibAccelTotRmsY: 0.4,
        VibAccelTotRmsZ: 1.2,
        TimeStamp,
      };
    }),
  };
}

export function seriesBody(SensorName: string): object {
  const Values = Array.from({ length: SERIES_VALUES }, (_, j) => {
    const i = j + 1;
    return +(20 + Math.sin(i / 10) + (i % 500 === 0 ? 6 : 0)).toFixed(3);
  });
  return {
    LineName: 'raw',
    MachineName: 'm0',
    SensorName,
    StartTime: T0,
    IntervalMs: 1,
    Values,
  };
}

/**
 * Waits until the service's journal has forwarded everything to InfluxDB (its backlog metric is
 * 0) and returns the seconds that took; gives up after `timeoutMs`.
 */
export async function journalDrained(serviceUrl: string, timeoutMs = 300_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const text = await (await fetch(`${serviceUrl}/metrics`)).text();
    const backlog = Number(/^iiot_journal_backlog_points (\S+)$/m.exec(text)?.[1] ?? 0);
    if (backlog === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (Date.now() - started) / 1000;
}
