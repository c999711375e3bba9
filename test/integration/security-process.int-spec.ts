import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '../support/service-process';
import { tempDirPerTest } from '../support/temp-dir';

const sample = JSON.stringify({ LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 1 });
const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/generic-sensor`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/html;charset=UTF-8', ...headers },
    body: sample,
  });

/** Opens a TCP connection, writes `text`, and collects what the server sends until it closes. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('Auth at start and in the logs (the built service)', () => {
  const dir = tempDirPerTest('iiot-sec-');

  it('should refuse to start in production without keys, naming API_KEYS and AUTH_DISABLED', async () => {
    const svc = new ServiceProcess({ DATA_DIR: dir(), NODE_ENV: 'production' });
    await expect(svc.start()).rejects.toThrow(/API_KEYS.*AUTH_DISABLED=true/s);
    expect(await svc.exit).toEqual({ code: 1, signal: null });
  }, 60_000);

  it('should run open in production with AUTH_DISABLED=true, and say so', async () => {
    const env = { DATA_DIR: dir(), NODE_ENV: 'production', AUTH_DISABLED: 'true' };
    const svc = await new ServiceProcess(env).start();
    try {
      expect(await svc.waitForOutput(/AUTH_DISABLED=true/)).toMatch(
        /AUTH_DISABLED=true: every route is open/,
      );
      expect((await post(svc.url)).status).toBe(200);
    } finally {
      await svc.stop();
    }
  }, 60_000);

  it('should warn when a development service runs without keys', async () => {
    const svc = await new ServiceProcess({ DATA_DIR: dir() }).start();
    try {
      expect(await svc.waitForOutput(/No API keys configured/)).toMatch(
        /No API keys configured .*every route is open/,
      );
    } finally {
      await svc.stop();
    }
  }, 60_000);

  it('should never write a key to the log, valid or not', async () => {
    const valid = 'ingest-Secret-0f9e8d7c';
    const wrong = 'wrong-Secret-1a2b3c4d';
    const env = { DATA_DIR: dir(), NODE_ENV: 'production', API_KEYS: `ingest:${valid}` };
    const svc = await new ServiceProcess(env).start();
    try {
      expect((await post(svc.url, { 'X-API-Key': wrong })).status).toBe(401);
      expect((await post(svc.url, { Authorization: `Bearer ${wrong}` })).status).toBe(401);
      // 403 and 400 with the valid key: both are logged as warnings with the request headers.
      const forbidden = await fetch(`${svc.url}/api/v1/mes/lines`, {
        headers: { Authorization: `Bearer ${valid}` },
      });
      expect(forbidden.status).toBe(403);
      const invalid = await fetch(`${svc.url}/generic-sensor`, {
        method: 'POST',
        headers: { 'X-API-Key': valid },
        body: '{}',
      });
      expect(invalid.status).toBe(400);
      expect((await post(svc.url, { 'X-API-Key': valid })).status).toBe(200);
    } finally {
      await svc.stop();
    }
    // The 4xx were logged (so the redaction was exercised), without any key in them.
    expect(svc.output.match(/"statusCode":40[013]/g)?.length).toBeGreaterThanOrEqual(4);
    expect(svc.output).toMatch(/"x-api-key":"\[Redacted\]"/);
    expect(svc.output).toMatch(/"authorization":"\[Redacted\]"/);
    expect(svc.output).not.toContain('Secret');
  }, 60_000);
});

describe('HTTP timeouts (the built service)', () => {
  let svc: ServiceProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'iiot-timeout-'));
    svc = await new ServiceProcess({
      DATA_DIR: dataDir,
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
    }).start();
  }, 60_000);
  afterAll(async () => {
    await svc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should answer 408 and close when the headers never finish', async () => {
    const answer = await rawExchange(svc.port, 'POST /generic-sensor HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 30_000);

  it('should answer 408 and close when the body never finishes', async () => {
    const head = 'POST /generic-sensor HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n';
    const answer = await rawExchange(svc.port, `${head}{"LineName":`);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${svc.url}/health/live`)).status).toBe(200);
  }, 30_000);
});
