import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { App } from 'supertest/types';
import { storedPoints } from '../support/line-protocol';
import { sendRaw } from '../support/raw-http';
import { TestApp, createTestApp } from '../support/test-app';

const sensor = { LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 1 };

/** Boots an app for one describe block. */
function appWith(env: Record<string, string>): () => TestApp {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'error', ...env });
  });
  afterAll(() => t.close());
  return () => t;
}

describe('Security headers (helmet)', () => {
  const t = appWith({});
  const http = () => request(t().server() as App);

  it('should send helmet headers, a CSP without upgrade-insecure-requests over HTTP, no HSTS', async () => {
    const res = await http().get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('should serve Swagger UI with only same-origin scripts, which the CSP allows', async () => {
    const res = await http().get('/docs').expect(200);
    const scripts = [...res.text.matchAll(/<script[^>]*src=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const src of scripts) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      await http().get(new URL(src, 'http://x/docs').pathname).expect(200);
    }
    expect(res.text).not.toMatch(/<script>(?!\s*<\/script>)/);
  });
});

describe('CORS', () => {
  /** A browser's preflight for a GET with an API key, and the GET itself, from `origin`. */
  async function fromBrowser(t: TestApp, origin: string) {
    const preflight = await request(t.server() as App)
      .options('/api/v1/mes/lines')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'X-API-Key');
    const get = await request(t.server() as App)
      .get('/api/v1/mes/lines')
      .set('Origin', origin);
    return { preflight, get };
  }

  describe('off by default', () => {
    const t = appWith({});
    it('should send no CORS headers, even to a preflight', async () => {
      const { preflight, get } = await fromBrowser(t(), 'https://mes.example.com');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS', () => {
    const t = appWith({ CORS_ORIGINS: 'https://mes.example.com' });
    it('should allow the configured origin with the key headers, and no other', async () => {
      const { preflight, get } = await fromBrowser(t(), 'https://mes.example.com');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://mes.example.com');
      expect(preflight.headers['access-control-allow-headers']).toContain('X-API-Key');
      expect(get.headers['access-control-allow-origin']).toBe('https://mes.example.com');
      const other = await fromBrowser(t(), 'https://evil.example.com');
      expect(other.preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(other.get.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('Body size limit', () => {
  const t = appWith({ BODY_LIMIT: '1kb' });

  it('should answer 413 with the error body and store nothing', async () => {
    const res = await request(t().server() as App)
      .post('/generic-sensor')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...sensor, Padding: 'x'.repeat(2048) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', errors: [] });
    expect(storedPoints(t().dataDir)).toHaveLength(0);
  });

  // supertest re-encodes Buffers sent as JSON, so the gzip cases go through a real socket.
  let url = '';
  const gzipPost = async (body: Buffer) => {
    if (!url)
      url = await t()
        .app.listen(0, '127.0.0.1')
        .then(() => t().app.getUrl());
    const headers = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };
    return sendRaw(url, 'POST', '/generic-sensor', headers, body);
  };

  it('should count the inflated size of a gzip body (a 10 MB bomb in 10 kB answers 413)', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(20 * 1024);
    const res = await gzipPost(bomb);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('should still take a gzip body within the limit', async () => {
    const res = await gzipPost(gzipSync(JSON.stringify(sensor)));
    expect(res.status).toBe(200);
    expect(storedPoints(t().dataDir)).toHaveLength(1);
  });
});

describe('Rate limit per API key', () => {
  const t = appWith({ RATE_LIMIT_PER_SECOND: '3', API_KEYS: 'ingest:key-a,ingest:key-b' });
  const post = (key: string) =>
    request(t().server() as App)
      .post('/generic-sensor')
      .set('X-API-Key', key)
      .send(sensor);

  it('should answer 429 with Retry-After in seconds once a key sends more than the limit', async () => {
    let res = await post('key-a');
    for (let i = 0; i < 50 && res.status !== 429; i++) res = await post('key-a');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', errors: [] });
    // Another key from the same address has a budget of its own.
    expect((await post('key-b')).status).toBe(200);
  });

  it('should never limit health probes', async () => {
    for (let i = 0; i < 20; i++) {
      await request(t().server() as App)
        .get('/health/live')
        .expect(200);
    }
  });
});

describe('Rate limit on an open service (per client address)', () => {
  const t = appWith({ RATE_LIMIT_PER_SECOND: '3' });
  it('should answer 429 once one address sends more than the limit', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 50 && !statuses.has(429); i++) {
      statuses.add((await request(t().server() as App).get('/api/v1/mes/lines')).status);
    }
    expect([...statuses].sort()).toEqual([200, 429]);
  });
});

describe('Rate limit off (RATE_LIMIT_PER_SECOND=0)', () => {
  const t = appWith({ RATE_LIMIT_PER_SECOND: '0' });
  it('should answer every request', async () => {
    for (let i = 0; i < 30; i++) {
      await request(t().server() as App)
        .get('/api/v1/mes/lines')
        .expect(200);
    }
  });
});
