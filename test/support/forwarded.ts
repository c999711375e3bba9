import request from 'supertest';
import type { App } from 'supertest/types';

interface ReadyBody {
  storage?: { backlog?: number; journal?: { backlogPoints: number } };
}

/**
 * A 2xx means the points are journaled; InfluxDB has them once readiness reports no backlog.
 * Polls /health/ready of an app (supertest target) or a base URL until then, and returns the body.
 */
export async function untilForwarded(
  target: App | string,
  deadlineMs = 60_000,
): Promise<ReadyBody> {
  const deadline = Date.now() + deadlineMs;
  let body: ReadyBody = {};
  while (Date.now() < deadline) {
    body = (await request(target).get('/health/ready')).body as ReadyBody;
    if (body.storage?.backlog === 0) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Not forwarded within ${deadlineMs} ms: ${JSON.stringify(body)}`);
}
