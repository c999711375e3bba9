import { Client } from 'undici';
import type { SendResult } from './resend-policy';
import { errorText } from '../common/errors/error-text';

export interface Sender {
  post(path: string, body: unknown): Promise<SendResult>;
  close(): Promise<void>;
}

/**
 * One keep-alive connection per simulated PLC, one request at a time on it, like a TwinCAT
 * FB_IotHttpRequest on its FB_IotHttpClient. A timeout drops the socket; the next send reconnects.
 */
export class PlcConnection implements Sender {
  private readonly client: Client;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;

  constructor(url: string, key: string | undefined, timeoutMs: number) {
    const parsed = new URL(url);
    this.basePath = parsed.pathname.replace(/\/+$/, '');
    this.client = new Client(parsed.origin, {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    this.headers = { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) };
  }

  async post(path: string, body: unknown): Promise<SendResult> {
    try {
      const res = await this.client.request({
        method: 'POST',
        path: this.basePath + path,
        headers: this.headers,
        body: JSON.stringify(body),
      });
      const text = await res.body.text();
      const retryAfter = res.headers['retry-after'];
      return {
        status: res.statusCode,
        body: text,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      };
    } catch (err) {
      const code = String((err as { code?: unknown }).code ?? '');
      const message = errorText(err);
      return { error: /TIMEOUT/.test(code) ? 'timeout' : 'network', message };
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
