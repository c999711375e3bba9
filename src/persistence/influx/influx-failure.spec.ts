import { HttpError, RequestTimedOutError } from '@influxdata/influxdb-client';
import { InfluxTimeoutError, classifyFailure, influxMessage } from './influx-failure';

const config = { bucket: 'iiot', org: 'acme' };

function httpError(status: number, body = '', headers: Record<string, string> = {}): HttpError {
  return new HttpError(
    status,
    'status',
    body,
    headers['retry-after'],
    'application/json',
    undefined,
    headers,
  );
}

describe(classifyFailure.name, () => {
  it('should treat 400 and 422 as rejected data with InfluxDB words', () => {
    const error = httpError(400, '{"error":"partial write: field type conflict dropped=1"}');
    expect(classifyFailure(error, { api: 'v1', config })).toEqual({
      kind: 'rejected',
      reason: 'rejected',
      detail: 'partial write: field type conflict dropped=1',
    });
    expect(
      classifyFailure(httpError(422, '{"code":"invalid","message":"bad"}'), { config }).kind,
    ).toBe('rejected');
  });

  it('should read Retry-After as seconds for 429 and 503', () => {
    const failure = classifyFailure(httpError(429, '', { 'retry-after': '12' }), {
      api: 'v2',
      config,
    });
    expect(failure).toMatchObject({
      kind: 'unavailable',
      reason: 'throttled',
      retryAfterSeconds: 12,
    });
    const unavailable = classifyFailure(httpError(503, 'busy'), { api: 'v2', config });
    expect(unavailable).toMatchObject({ kind: 'unavailable', reason: 'server_error' });
    expect(unavailable.retryAfterSeconds).toBeUndefined();
  });

  it('should make 401/403 and a missing v2 bucket config faults that name the bucket', () => {
    expect(classifyFailure(httpError(401, '{"code":"unauthorized"}'), { config }).kind).toBe(
      'config',
    );
    const missing = classifyFailure(httpError(404, '{"message":"bucket \\"iiot\\" not found"}'), {
      api: 'v2',
      config,
    });
    expect(missing.kind).toBe('config');
    expect(missing.detail).toContain('bucket "iiot" in org "acme" not found');
  });

  it('should tell a missing v1 database (created by the writer) from other 404s', () => {
    const error = httpError(404, '{"error":"database not found: \\"iiot\\""}');
    expect(classifyFailure(error, { api: 'v1', config }).kind).toBe('database-missing');
  });

  it('should make a missing retention policy a config fault, not an outage', () => {
    const error = httpError(500, '{"error":"retention policy not found: zz"}');
    expect(classifyFailure(error, { api: 'v1', config }).kind).toBe('config');
  });

  it('should treat timeouts and socket errors as unavailable', () => {
    expect(classifyFailure(new InfluxTimeoutError(100), { config })).toMatchObject({
      kind: 'unavailable',
      reason: 'timeout',
    });
    expect(classifyFailure(new RequestTimedOutError(), { config }).reason).toBe('timeout');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyFailure(refused, { config })).toEqual({
      kind: 'unavailable',
      reason: 'unreachable',
      detail: 'unreachable: ECONNREFUSED',
    });
  });
});

describe(influxMessage.name, () => {
  it('should fall back to the body text and then the X-Influxdb-Error header', () => {
    expect(influxMessage(httpError(400, 'plain text'))).toBe('plain text');
    expect(influxMessage(httpError(400, '', { 'X-Influxdb-Error': 'from header' }))).toBe(
      'from header',
    );
  });
});
