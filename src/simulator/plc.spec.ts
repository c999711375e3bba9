import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimSample } from './machine';
import { BatchMode, SimulatedPlc } from './plc';
import { PlcConnection } from './plc-connection';
import { RunStats } from './stats';

type Script = (
  req: IncomingMessage,
  body: string,
  n: number,
) => [number, string, Record<string, string>?];

/** A local HTTP server answering from a script, recording what it got and how many were in flight. */
async function scriptedServer(script: Script) {
  const seen: Array<{ path: string; body: unknown; key?: string }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({
        path: req.url!,
        body: JSON.parse(body),
        key: req.headers['x-api-key'] as string,
      });
      const [status, answer, headers] = script(req, body, seen.length);
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(answer);
      }, 2);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    maxInFlight: () => maxInFlight,
    close: () => new Promise((r) => server.close(r)),
  };
}

const sample = (i: number): SimSample => ({
  kind: 'sensor',
  line: 'L1',
  machine: 'M1',
  name: 'Temp',
  value: 60 + i,
  time: 1_764_000_000_000 + i,
  injected: false,
});

async function runPlc(url: string, samples: SimSample[], batch = false) {
  const stats = new RunStats();
  const mode = new BatchMode(batch);
  const connection = new PlcConnection(url, 'k1', 2000);
  const plc = new SimulatedPlc(connection, stats, mode, { bufferLimit: 1000, maxBatch: 50 });
  const done = plc.run();
  plc.enqueue(samples);
  plc.finish(Date.now() + 10_000);
  await done;
  await connection.close();
  return { stats, mode };
}

describe(SimulatedPlc.name, () => {
  it('should resend on 503/500/429 until accepted, drop a 400, keep one request in flight and send the key', async () => {
    const srv = await scriptedServer((_req, _body, n) => {
      if (n === 1) return [503, '{}', { 'retry-after': '0' }];
      if (n === 2) return [500, '{}'];
      if (n === 3) return [429, '{}', { 'retry-after': '0' }];
      if (n === 5) return [400, '{"message":"SensorValue must be a finite number"}'];
      return [202, '{"accepted":1}'];
    });
    const { stats } = await runPlc(srv.url, [0, 1, 2, 3].map(sample));
    await srv.close();
    expect(srv.maxInFlight()).toBe(1);
    expect(srv.seen.map((s) => (s.body as { SensorValue: number }).SensorValue)).toEqual([
      60, 60, 60, 60, 61, 62, 63,
    ]);
    expect(srv.seen.every((s) => s.path === '/api/v1/ingest/sensor' && s.key === 'k1')).toBe(true);
    expect(stats.accepted).toBe(3);
    expect(Object.fromEntries(stats.refused)).toEqual({ 400: 1 });
    expect(stats.refusalMessages.get(400)).toContain('finite number');
    expect(Object.fromEntries(stats.resends)).toEqual({ 503: 1, '5xx': 1, 429: 1 });
    expect(stats.lost).toBe(0);
  });

  it('should count samples still unsent when the drain time runs out as lost', async () => {
    const srv = await scriptedServer(() => [503, '{}', { 'retry-after': '1' }]);
    const stats = new RunStats();
    const connection = new PlcConnection(srv.url, undefined, 2000);
    const plc = new SimulatedPlc(connection, stats, new BatchMode(false), {
      bufferLimit: 1000,
      maxBatch: 50,
    });
    const done = plc.run();
    plc.enqueue([0, 1, 2].map(sample));
    plc.finish(Date.now() + 300);
    await done;
    await connection.close();
    await srv.close();
    expect({ accepted: stats.accepted, lost: stats.lost, generated: stats.generated }).toEqual({
      accepted: 0,
      lost: 3,
      generated: 3,
    });
  });

  it('should send buffered samples as one batch, and fall back to single samples on a 404', async () => {
    const batching = await scriptedServer((req, body) =>
      req.url === '/api/v1/ingest/batch'
        ? [202, JSON.stringify({ accepted: JSON.parse(body).Samples.length })]
        : [500, '{}'],
    );
    const batched = await runPlc(batching.url, [0, 1, 2].map(sample), true);
    await batching.close();
    expect(batching.seen).toEqual([
      {
        path: '/api/v1/ingest/batch',
        key: 'k1',
        body: {
          LineName: 'L1',
          MachineName: 'M1',
          Samples: [0, 1, 2].map((i) => ({
            Type: 'sensor',
            SensorName: 'Temp',
            SensorValue: 60 + i,
            TimeStamp: 1_764_000_000_000 + i,
          })),
        },
      },
    ]);
    expect(batched.stats.accepted).toBe(3);

    const noBatch = await scriptedServer((req) =>
      req.url === '/api/v1/ingest/batch' ? [404, '{}'] : [202, '{"accepted":1}'],
    );
    const single = await runPlc(noBatch.url, [0, 1].map(sample), true);
    await noBatch.close();
    expect(noBatch.seen.map((s) => s.path)).toEqual([
      '/api/v1/ingest/batch',
      '/api/v1/ingest/sensor',
      '/api/v1/ingest/sensor',
    ]);
    expect(single.mode.enabled).toBe(false);
    expect(single.mode.notice).toMatch(/answered 404: this service has no batch route/);
    expect({ accepted: single.stats.accepted, refused: single.stats.refusedTotal }).toEqual({
      accepted: 2,
      refused: 0,
    });
  });

  it('should resend after a timeout', async () => {
    let calls = 0;
    const server = createServer((req, res) => {
      req.resume();
      // The first request gets no answer at all; the PLC gives up after its timeout and resends.
      if (++calls > 1) req.on('end', () => res.writeHead(202).end('{"accepted":1}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stats = new RunStats();
    const connection = new PlcConnection(url, undefined, 300);
    const plc = new SimulatedPlc(connection, stats, new BatchMode(false), {
      bufferLimit: 10,
      maxBatch: 1,
    });
    const done = plc.run();
    plc.enqueue([sample(0)]);
    plc.finish(Date.now() + 10_000);
    await done;
    await connection.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    expect(Object.fromEntries(stats.resends)).toEqual({ timeout: 1 });
    expect(stats.accepted).toBe(1);
  });
});
