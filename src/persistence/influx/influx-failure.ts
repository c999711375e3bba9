import { HttpError, RequestTimedOutError } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../../config/app.config';
import { InfluxApi, headerValue, retryAfterSeconds, splitBucket } from './influx-api';
import { errorText } from '../../common/errors/error-text';

/**
 * - unavailable: InfluxDB cannot take writes right now (down, slow, 5xx, 429): retry with backoff.
 * - rejected: InfluxDB refused the data itself (400/422): resending the same lines will not help,
 *   so the forwarder finds the offending lines and dead-letters them.
 * - config: the deployment is wrong (credentials, bucket, retention policy): the data is kept and
 *   retried until someone fixes it, and readiness names the fault.
 * - database-missing: v1 only; the sink creates the database and retries.
 */
export type FailureKind = 'unavailable' | 'rejected' | 'config' | 'database-missing';

export interface InfluxFailure {
  kind: FailureKind;
  /** Label of `iiot_writes_failed_total{reason}`; a small fixed set. */
  reason: string;
  /** For logs, readiness and error messages. */
  detail: string;
  retryAfterSeconds?: number;
}

/** Our own deadline on a request (the library's socket timeout does not end the request). */
export class InfluxTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'InfluxTimeoutError';
  }
}

/** A write the sink could not complete, with what went wrong already classified. */
export class InfluxWriteError extends Error {
  constructor(
    readonly failure: InfluxFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.detail, options);
    this.name = 'InfluxWriteError';
  }
}

export function classifyFailure(
  error: unknown,
  context: { api?: InfluxApi; config: Pick<InfluxConfig, 'bucket' | 'org'> },
): InfluxFailure {
  if (error instanceof HttpError) return classifyHttp(error, context);
  if (error instanceof InfluxTimeoutError || error instanceof RequestTimedOutError) {
    return { kind: 'unavailable', reason: 'timeout', detail: `timeout: ${error.message}` };
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = errorText(error);
  return {
    kind: 'unavailable',
    reason: 'unreachable',
    detail: `unreachable: ${typeof code === 'string' ? code : message}`,
  };
}

function classifyHttp(
  error: HttpError,
  { api, config }: { api?: InfluxApi; config: Pick<InfluxConfig, 'bucket' | 'org'> },
): InfluxFailure {
  const status = error.statusCode;
  const message = influxMessage(error);
  if (status === 400 || status === 422)
    return { kind: 'rejected', reason: 'rejected', detail: message };
  if (status === 401 || status === 403) {
    return {
      kind: 'config',
      reason: 'unauthorized',
      detail: `InfluxDB refused the credentials (${status}: ${message}); check INFLUX_TOKEN (or INFLUX_USERNAME/INFLUX_PASSWORD)`,
    };
  }
  if (status === 404) {
    if (api === 'v1' && /database not found/i.test(message)) {
      return { kind: 'database-missing', reason: 'database_missing', detail: message };
    }
    const where =
      api === 'v1'
        ? `database "${splitBucket(config.bucket).db}"`
        : `bucket "${config.bucket}"${orgText(config.org)}`;
    return {
      kind: 'config',
      reason: 'not_found',
      detail: `${where} not found (404: ${message}); the bucket is not created automatically`,
    };
  }
  if (status === 429 || status >= 500) {
    if (/retention policy not found/i.test(message)) {
      return {
        kind: 'config',
        reason: 'not_found',
        detail: `${message} (bucket "${config.bucket}")`,
      };
    }
    return {
      kind: 'unavailable',
      reason: status === 429 ? 'throttled' : 'server_error',
      detail: `InfluxDB answered ${status}: ${message}`,
      retryAfterSeconds: retryAfterSeconds(headerValue(error.headers, 'retry-after')),
    };
  }
  // 405, 413, ...: not the client's data and not transient; someone must look at the deployment.
  return {
    kind: 'config',
    reason: 'http_error',
    detail: `InfluxDB answered ${status}: ${message}`,
  };
}

/** InfluxDB's own words: `{"error"}` (1.x), `{"message"}` (2.x/3.x), or the X-Influxdb-Error header. */
export function influxMessage(error: HttpError): string {
  const body = error.body ?? '';
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const text = json.error ?? json.message;
    if (typeof text === 'string' && text) return text;
  } catch {
    // not JSON: use the text as is
  }
  return (
    body.trim() ||
    headerValue(error.headers, 'x-influxdb-error') ||
    `${error.statusCode} ${error.statusMessage ?? ''}`.trim()
  );
}

function orgText(org: string): string {
  return org ? ` in org "${org}"` : '';
}
