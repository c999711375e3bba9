import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { Proc, runToEnd } from './processes';

export const ROOT = join(__dirname, '..', '..', '..');
export const SHARED = process.env.BENCH_SHARED_DIR ?? join(ROOT, '..', 'shared', 'bench');

export interface Started {
  proc: Proc;
  url: string;
}

/** The service as production runs it: `node dist/main.js`, NODE_ENV=production. */
export async function startService(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Started> {
  const port = await freePort();
  const proc = new Proc('service', process.execPath, [...nodeArgs, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      // No API keys in the bench: the open mode an unmodified old PLC program relies on.
      AUTH_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await proc.waitHttp(`${url}/health/live`);
  return { proc, url };
}

/** A reference program of ../shared/bench, run in place. */
export async function startShared(file: 'bare_node.js' | 'express_min.js'): Promise<Started> {
  const port = await freePort();
  const proc = new Proc(file, process.execPath, [join(SHARED, file)], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      NODE_PATH: join(ROOT, 'node_modules'),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  return { proc: await proc.waitHttp(url), url };
}

/** The FastAPI peer, started as ../shared/bench/README.md says; undefined + why when it cannot be. */
export async function startFastApi(influxPort: number): Promise<Started | string> {
  const python = '/usr/bin/python3';
  const probe = await runToEnd(python, ['-c', 'import fastapi, uvicorn, influxdb']);
  if (probe.code !== 0) {
    return 'python3-fastapi, python3-uvicorn or python3-influxdb missing (apt-get install -y python3-fastapi python3-uvicorn python3-influxdb)';
  }
  const port = await freePort();
  const args = ['-m', 'uvicorn', '--app-dir', SHARED, 'peer_fastapi:app', '--port', String(port)];
  const proc = new Proc('fastapi peer', python, args, {
    env: {
      PATH: process.env.PATH ?? '',
      INFLUX_DB: 'peer',
      ANALYTICS_SENSORS: 's0,s1',
      INFLUX_HOST: '127.0.0.1',
      INFLUX_PORT: String(influxPort),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  return { proc: await proc.waitHttp(`${url}/production_orders`), url };
}

/**
 * The Node-RED flow of ../shared/bench/nodered. node-red@4 and node-red-contrib-influxdb are
 * installed once into a cache folder outside the project (kept between runs); the flow is copied
 * in afresh each run, its InfluxDB port pointed at the bench's own influxd.
 */
export async function startNodeRed(influxPort: number): Promise<Started | string> {
  const cache = process.env.BENCH_NODERED_DIR ?? join(tmpdir(), 'iiot-bench-nodered');
  const red = join(cache, 'node_modules', 'node-red', 'red.js');
  if (!existsSync(red)) {
    mkdirSync(cache, { recursive: true });
    if (!existsSync(join(cache, 'package.json'))) writeFileSync(join(cache, 'package.json'), '{}');
    const npm = await runToEnd(
      'npm',
      ['install', '--no-audit', '--no-fund', 'node-red@4', 'node-red-contrib-influxdb'],
      { cwd: cache },
    );
    if (npm.code !== 0 || !existsSync(red)) {
      return `npm install node-red@4 node-red-contrib-influxdb failed: ${npm.output.trim().split('\n').slice(-2).join(' ')}`;
    }
  }
  // As the README does it: the install folder is Node-RED's user dir, with the flow copied in.
  const userDir = cache;
  cpSync(join(SHARED, 'nodered'), userDir, { recursive: true });
  const flows = join(userDir, 'flows.json');
  writeFileSync(
    flows,
    readFileSync(flows, 'utf8').replace('"port":"8086"', `"port":"${influxPort}"`),
  );
  const port = await freePort();
  const proc = new Proc(
    'node-red',
    process.execPath,
    [red, '-u', userDir, '-s', join(userDir, 'settings.js'), '-p', String(port)],
    {
      cwd: userDir,
      env: { PATH: process.env.PATH ?? '', HOME: userDir },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  // The flow is deployed a moment after the HTTP server listens: wait for its route.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${url}/generic-sensor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"LineName":"w","MachineName":"w","SensorName":"w","SensorValue":1,"TimeStamp":1764000000000}',
    }).catch(() => undefined);
    if (res?.status === 200) break;
    if (proc.exited || Date.now() > deadline) {
      await proc.stop();
      return `Node-RED did not serve its flow: ${proc.output.slice(-300)}`;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { proc, url };
}

/** The minimal WebSocket surface Node's (--experimental-websocket) global offers. */
interface Socket {
  onopen: (() => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: (() => void) | null;
  send(data: string): void;
  close(): void;
}

/**
 * A full garbage collection in a process started with `--inspect=127.0.0.1:<port>`, through the
 * inspector protocol. False when it cannot be done (no WebSocket in this Node, no answer).
 */
export async function collectGarbage(inspectPort: number): Promise<boolean> {
  const WS = (globalThis as { WebSocket?: new (url: string) => Socket }).WebSocket;
  if (!WS) return false;
  const targets = (await (
    await fetch(`http://127.0.0.1:${inspectPort}/json/list`)
  ).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  return new Promise((resolve) => {
    const ws = new WS(targets[0].webSocketDebuggerUrl);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      ws.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 60_000);
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    ws.onmessage = (e) => {
      if ((JSON.parse(String(e.data)) as { id?: number }).id === 1) done(true);
    };
    ws.onerror = () => done(false);
  });
}
