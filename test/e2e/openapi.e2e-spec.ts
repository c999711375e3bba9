import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { buildOpenApiDocument } from '../../src/swagger';
import { TestApp, createTestApp } from '../support/test-app';

interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  summary?: string;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should match docs/openapi.json (run `npm run openapi` after changing the API)', () => {
    const exported = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8'));
    const live = JSON.parse(JSON.stringify(buildOpenApiDocument(t.app)));
    expect(live).toEqual(exported);
  });

  it('should serve the spec at /docs-json and Swagger UI at /docs', async () => {
    const spec = await request(t.server() as App)
      .get('/docs-json')
      .expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    const ui = await request(t.server() as App)
      .get('/docs')
      .expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('should give every route a unique operationId, a summary and documented responses', () => {
    const doc = buildOpenApiDocument(t.app);
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, op]) => ({
        path,
        method,
        op,
      })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(15);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      expect({ path, method, summary: typeof op.summary }).toEqual({
        path,
        method,
        summary: 'string',
      });
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  });

  it('should document every legacy route with its body schema', () => {
    const doc = buildOpenApiDocument(t.app);
    for (const path of ['/generic-state', '/generic-sensor', '/vibration-sensor']) {
      const post = (doc.paths[path] as Record<string, Operation>).post;
      expect(post.requestBody?.content['application/json'].schema).toBeDefined();
      expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '503']));
    }
  });

  it('should document 429 (rate limit) and the roles in 403 on every route that needs a key', () => {
    const doc = buildOpenApiDocument(t.app);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
        if (op.security?.length === 0) continue;
        const route = `${method.toUpperCase()} ${path}`;
        const responses = op.responses as Record<string, { description?: string } | undefined>;
        expect({ route, has429: '429' in responses }).toEqual({ route, has429: true });
        // "…: mes or admin", or "…: admin" on admin-only routes (the detectors API).
        expect(responses['403']?.description).toMatch(/(: | or )admin$/);
      }
    }
  });
});

describe('OpenAPI security and error responses', () => {
  let doc: ReturnType<typeof buildOpenApiDocument>;
  beforeAll(async () => {
    const t = await createTestApp();
    doc = JSON.parse(JSON.stringify(buildOpenApiDocument(t.app)));
    await t.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation & { security?: unknown[] }>).map(
        ([method, op]) => ({ path, method, op }),
      ),
    );

  it('should require a key document-wide and leave /health and /metrics open', () => {
    expect(doc.security).toEqual([{ 'api-key': [] }, { bearer: [] }]);
    const open = operations().filter(({ op }) => op.security?.length === 0);
    expect(open.map(({ path }) => path).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
    ]);
  });

  it('should document 401 and 403 with the shared error body on every route that needs a key', () => {
    const guarded = operations().filter(({ op }) => op.security?.length !== 0);
    expect(guarded.length).toBeGreaterThanOrEqual(12);
    for (const { path, method, op } of guarded) {
      for (const status of ['401', '403']) {
        const response = op.responses[status] as
          { content: Record<string, { schema: unknown }> } | undefined;
        expect({
          path,
          method,
          status,
          schema: response?.content['application/json'].schema,
        }).toEqual({
          path,
          method,
          status,
          schema: { $ref: '#/components/schemas/ErrorBody' },
        });
      }
    }
  });

  it('should use the shared error body for every 4xx and 5xx it documents', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || path === '/health/ready') continue;
        const schema = (response as { content?: Record<string, { schema: unknown }> }).content?.[
          'application/json'
        ]?.schema;
        expect({ path, method, status, schema }).toEqual({
          path,
          method,
          status,
          schema: { $ref: '#/components/schemas/ErrorBody' },
        });
      }
    }
  });

  it('should name a relative server and a license, as the linter requires', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license?.name).toBe('MIT');
  });
});
