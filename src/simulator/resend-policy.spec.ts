import {
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  classify,
  parseRetryAfter,
  resendDelayMs,
} from './resend-policy';

describe('PLC resend policy', () => {
  it('should accept 2xx, resend 429/503/5xx/timeouts/network errors and drop other 4xx', () => {
    const answer = (status: number) => classify({ status, body: `{"statusCode":${status}}` });
    expect(answer(200).kind).toBe('accepted');
    expect(answer(202).kind).toBe('accepted');
    expect(answer(429)).toEqual({ kind: 'resend', reason: '429', retryAfterMs: undefined });
    expect(answer(503)).toMatchObject({ kind: 'resend', reason: '503' });
    expect(answer(500)).toMatchObject({ kind: 'resend', reason: '5xx' });
    expect(answer(502)).toMatchObject({ kind: 'resend', reason: '5xx' });
    for (const status of [400, 401, 403, 404, 409, 413, 422]) {
      expect(answer(status)).toEqual({
        kind: 'refused',
        status,
        message: `{"statusCode":${status}}`,
      });
    }
    expect(classify({ error: 'timeout', message: 'x' })).toEqual({
      kind: 'resend',
      reason: 'timeout',
    });
    expect(classify({ error: 'network', message: 'x' })).toEqual({
      kind: 'resend',
      reason: 'network',
    });
  });

  it('should read Retry-After in seconds or as an HTTP date', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(classify({ status: 503, body: '', retryAfter: '2' }, now)).toEqual({
      kind: 'resend',
      reason: '503',
      retryAfterMs: 2000,
    });
  });

  it('should back off exponentially without Retry-After, and honour (capped) Retry-After', () => {
    expect([1, 2, 3, 4].map((n) => resendDelayMs(n))).toEqual([100, 200, 400, 800]);
    expect(resendDelayMs(20)).toBe(MAX_BACKOFF_MS);
    expect(resendDelayMs(1, 2000)).toBe(2000);
    expect(resendDelayMs(1, 10 * 60_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});
