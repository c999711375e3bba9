/**
 * DESIGN's PLC rule: resend on 429, 503, other 5xx and timeouts (and lost connections); log and drop
 * on any other 4xx, because a refused sample never becomes acceptable by resending it.
 */
export type SendResult =
  | { status: number; retryAfter?: string; body: string }
  | { error: 'timeout' | 'network'; message: string };

export type ResendReason = '429' | '503' | '5xx' | 'timeout' | 'network';

export type Outcome =
  | { kind: 'accepted'; status: number }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'resend'; reason: ResendReason; retryAfterMs?: number };

export const MIN_BACKOFF_MS = 100;
export const MAX_BACKOFF_MS = 5_000;
/** A Retry-After longer than this is capped: a PLC keeps sampling and its buffer is finite. */
export const MAX_RETRY_AFTER_MS = 30_000;

export function classify(result: SendResult, now = Date.now()): Outcome {
  if ('error' in result) return { kind: 'resend', reason: result.error };
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'accepted', status };
  if (status === 429 || status >= 500) {
    const reason: ResendReason = status === 429 ? '429' : status === 503 ? '503' : '5xx';
    return { kind: 'resend', reason, retryAfterMs: parseRetryAfter(result.retryAfter, now) };
  }
  return { kind: 'refused', status, message: result.body.slice(0, 300) };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The server's Retry-After when it gave one, else exponential backoff from 100 ms to 5 s. */
export function resendDelayMs(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.min(MIN_BACKOFF_MS * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
}
