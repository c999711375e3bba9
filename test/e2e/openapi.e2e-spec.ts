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

  it('should ask for an API key (X-API-Key or Bearer) on every route but health, metrics', () => {
    const doc = buildOpenApiDocument(t.app);
    const schemes = doc.components?.securitySchemes ?? {};
    expect(schemes['api-key']).toEqual({ type: 'apiKey', name: 'X-API-Key', in: 'header' });
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (/^\/(health|metrics)/.test(path)) {
          expect({ route, security: op.security }).toEqual({ route, security: undefined });
          continue;
        }
        // Two entries = either one (OpenAPI: alternatives are OR-ed).
        expect({ route, security: op.security }).toEqual({
          route,
          security: [{ 'api-key': [] }, { bearer: [] }],
        });
        for (const status of ['401', '403', '429']) {
          expect({ route, status, body: op.responses[status] }).toMatchObject({
            route,
            status,
            body: {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } },
              },
            },
          });
        }
      }
    }
  });
});
