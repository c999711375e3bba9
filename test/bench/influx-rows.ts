import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfluxdServer } from '../support/influxd';
import {
  BATCH_ITEMS,
  HERE,
  Http,
  LP_LUA,
  POST_LUA,
  SERIES_KINDS,
  SERIES_VALUES,
  T0,
  fmt,
  measure,
  notMeasured,
  percent,
} from './common';
import { journalDrained, landedPerSecond, samePoints } from './points';
import { startFastApi, startNodeRed, startService } from './servers';
import { Row } from './table';

/** Rows that need InfluxDB: the service's routes, the raw /write ceilings, the two peers. */
export async function influxRows(
  influx: InfluxdServer,
  dataDir: string,
  rows: Row[],
  ceilings: Record<string, number | undefined>,
  log: (m: string) => void,
): Promise<void> {
  for (const db of ['raw', 'nodered']) await influx.query(`CREATE DATABASE ${db}`);
  mkdirSync(join(dataDir, 'config'), { recursive: true });
  writeFileSync(
    join(dataDir, 'config', 'analytics_generic_sensors.json'),
    '{"sensors": ["s0", "s1"]}',
  );
  writeFileSync(join(dataDir, 'config', 'analytics_vibration_sensors.json'), '{"sensors": []}');
  const express = ceilings['express_min.js'];

  log('service: single samples');
  const service = await startService({
    INFLUX_URL: influx.url,
    INFLUX_BUCKET: 'bench',
    DATA_DIR: dataDir,
    // wrk's 1,000 simulated PLCs share one address, and the limit is per client.
    RATE_LIMIT_PER_SECOND: '0',
  });
  const drained = () => journalDrained(service.url);
  const single = await measure(`${service.url}/generic-sensor`, POST_LUA, 16);
  const ours = single.result.okPerSecond;
  rows.push({
    row: 'service: single sample, POST /generic-sensor, 16 connections',
    result: `${fmt(ours)} req/s`,
    p50: single.result.p50Ms,
    p99: single.result.p99Ms,
    ratio: `${percent(ours, express)} of minimal Express, ${percent(ours, ceilings['bare_node.js'])} of bare Node`,
    target: '≥ 60 % of minimal Express, p99 ≤ 15 ms',
    met: express !== undefined && ours >= 0.6 * express && single.result.p99Ms <= 15,
  });

  log('service: batches');
  const batch = await measure(
    `${service.url}/api/v1/ingest/batch`,
    join(HERE, 'batch.lua'),
    4,
    (r) => ({
      BENCH_LINE: `batch-${r}`,
      BENCH_T0: String(T0),
      BATCH_ITEMS: String(BATCH_ITEMS),
    }),
    drained,
  );
  const batchLanded = await landedPerSecond(influx, batch.runs, 'batch');
  const series: Record<string, { http: Http; landed: number }> = {};
  for (const [kind, sensor] of SERIES_KINDS) {
    log(`service: ${kind}`);
    const http = await measure(
      `${service.url}/api/v1/ingest/series`,
      join(HERE, 'series.lua'),
      4,
      (r) => ({
        BENCH_LINE: `${kind}-${r}`,
        BENCH_T0: String(T0),
        SERIES_VALUES: String(SERIES_VALUES),
        SERIES_SENSOR: sensor,
      }),
      drained,
    );
    series[kind] = { http, landed: await landedPerSecond(influx, http.runs, kind) };
  }
  await service.proc.stop();

  log('raw InfluxDB /write with the same points');
  const lp = await samePoints(dataDir);
  const raw: Record<string, number> = {};
  for (const [kind, lines] of Object.entries(lp)) {
    const file = join(dataDir, `${kind}.lp`);
    writeFileSync(file, lines.join('\n'));
    const { result } = await measure(`${influx.url}/write?db=raw&precision=ms`, LP_LUA, 4, () => ({
      LP_FILE: file,
    }));
    raw[kind] = result.okPerSecond * lines.length;
    rows.push({
      row: `raw InfluxDB /write ceiling: ${lines.length}-line bodies of the ${kind} points (lp.lua, 4 connections)`,
      result: `${fmt(raw[kind])} points/s`,
      p50: result.p50Ms,
      p99: result.p99Ms,
    });
  }
  rows.push({
    row: `service: mixed batches of ${BATCH_ITEMS} items, 4 connections, landed in InfluxDB`,
    result: `${fmt(batchLanded)} samples/s`,
    p50: batch.result.p50Ms,
    p99: batch.result.p99Ms,
    ratio: `${fmt((100 * batchLanded) / raw.batch)} % of raw /write; ${acknowledged(batch, BATCH_ITEMS)}`,
    target: '≥ 75,000 samples/s',
    met: batchLanded >= 75_000,
  });
  for (const [kind, sensor] of SERIES_KINDS) {
    const { http, landed } = series[kind];
    rows.push({
      row: `service: series of ${fmt(SERIES_VALUES)} values (${sensor === 's0' ? 'analysed sensor' : 'sensor not analysed'}), 4 connections, landed`,
      result: `${fmt(landed)} samples/s`,
      p50: http.result.p50Ms,
      p99: http.result.p99Ms,
      ratio: `${fmt((100 * landed) / raw[kind])} % of raw /write; ${acknowledged(http, SERIES_VALUES)}`,
      target: '≥ 150,000 samples/s',
      met: landed >= 150_000,
    });
  }

  const peers = [
    ['FastAPI peer', '../shared/bench/peer_fastapi.py', 'peer', 6, startFastApi],
    ['Node-RED flow', '../shared/bench/nodered', 'Node-RED', 1.5, startNodeRed],
  ] as const;
  for (const [name, source, short, factor, start] of peers) {
    log(name);
    const peer = await start(influx.httpPort);
    if (typeof peer === 'string') {
      rows.push(notMeasured(`${name} (${source})`, peer));
      continue;
    }
    const { result } = await measure(`${peer.url}/generic-sensor`, POST_LUA, 16);
    await peer.proc.stop();
    rows.push({
      row: `${name}, POST /generic-sensor, 16 connections`,
      result: `${fmt(result.okPerSecond)} req/s`,
      p50: result.p50Ms,
      p99: result.p99Ms,
      ratio: `service = ${fmt(ours / result.okPerSecond, 1)}× ${short}`,
      target: `service ≥ ${factor}× ${short}`,
      met: ours >= factor * result.okPerSecond,
    });
  }
}

/** The rate the service answered 202 at (journaled), and how long the journal took to drain. */
function acknowledged({ result }: Http, perRequest: number): string {
  const drain = result.drainSeconds ?? 0;
  return `acknowledged ${fmt(result.okPerSecond * perRequest)}/s, journal drained ${fmt(drain, 1)} s after the run`;
}
