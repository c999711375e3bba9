import { Logger } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { TestApp, createTestApp } from '../support/test-app';

/** Hot ingest routes skip pino-http; their failures must still reach the log, once. */
describe('Logging of failed requests', () => {
  let t: TestApp;
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('should log a refused sample on a hot ingest route at warn, with its route and fields', async () => {
    await request(t.server() as App)
      .post('/api/v1/ingest/batch')
      .send({ LineName: 'L', MachineName: 'M', Samples: [{ Type: 'sensor', SensorName: 'S' }] })
      .expect(400);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({
      req: { method: 'POST', url: '/api/v1/ingest/batch' },
      res: { statusCode: 400 },
      errors: [{ field: 'Samples[0].SensorValue' }],
    });
  });

  it('should leave requests pino-http wraps to pino-http', async () => {
    await request(t.server() as App)
      .post('/api/v1/mes/production-orders')
      .send({ orderNo: '' })
      .expect(400);
    expect(warn).not.toHaveBeenCalled();
  });
});
