import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpError, InfluxDB, SendOptions, Transport } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../../config/app.config';
import {
  InfluxApi,
  apiForVersion,
  authorization,
  headerValue,
  influxQlIdentifier,
  queryTarget,
  splitBucket,
  writePath,
} from './influx-api';
import { InfluxTimeoutError } from './influx-failure';

export interface InfluxTarget {
  api: InfluxApi;
  /** X-Influxdb-Version from /ping, when the server sends one. */
  version?: string;
}

/** Bodies smaller than this are sent plain even with gzip on: compressing them costs more than it saves. */
const GZIP_THRESHOLD_BYTES = 1024;

/**
 * One InfluxDB endpoint as the writer and the InfluxQL client share it: the client library's
 * transport over a keep-alive agent (a PLC sending one sample at a time must not pay a TCP
 * handshake per write), authentication, and the API detected from /ping.
 */
export class InfluxConnection {
  private readonly transport: Transport;
  private readonly agent: HttpAgent;
  private detected?: InfluxTarget;
  private detecting?: Promise<InfluxTarget>;

  constructor(readonly config: InfluxConfig) {
    const agentOptions = { keepAlive: true, maxSockets: 16 };
    this.agent = config.url.startsWith('https:')
      ? new HttpsAgent(agentOptions)
      : new HttpAgent(agentOptions);
    this.transport = new InfluxDB({
      url: config.url,
      timeout: config.timeoutMs,
      transportOptions: { agent: this.agent },
    }).transport;
  }

  /** The detected (or forced) API, once InfluxDB has answered. */
  get target(): InfluxTarget | undefined {
    return this.detected;
  }

  /**
   * Pings InfluxDB (once, or again with `refresh`) and settles the API: INFLUX_API=v1|v2 wins,
   * else the version header decides. Rejects while InfluxDB does not answer, so detection simply
   * happens on the first write or probe after it comes up.
   */
  detect(refresh = false): Promise<InfluxTarget> {
    if (this.detected && !refresh) return Promise.resolve(this.detected);
    this.detecting ??= this.ping()
      .then((version) => {
        const api = this.config.api === 'auto' ? apiForVersion(version) : this.config.api;
        return (this.detected = { api, version });
      })
      .finally(() => (this.detecting = undefined));
    return this.detecting;
  }

  async write(api: InfluxApi, body: string): Promise<void> {
    await this.request(writePath(api, this.config), body, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', ...this.auth(api) },
      gzipThreshold: this.config.gzip ? GZIP_THRESHOLD_BYTES : undefined,
    });
  }

  /** POST /query with a form body (long statements stay out of the URL); epoch=ms times. */
  async query(api: InfluxApi, params: Record<string, string>): Promise<unknown> {
    const form = new URLSearchParams({ ...queryTarget(this.config), epoch: 'ms', ...params });
    return this.request('/query', form.toString(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...this.auth(api),
      },
    });
  }

  /** v1: CREATE DATABASE is idempotent in InfluxDB 1.x, so it is safe to run on every start. */
  async createDatabase(): Promise<void> {
    const { db } = splitBucket(this.config.bucket);
    const answer = (await this.query('v1', { q: `CREATE DATABASE ${influxQlIdentifier(db)}` })) as
      { error?: string; results?: Array<{ error?: string }> } | undefined;
    const error = answer?.error ?? answer?.results?.find((r) => r.error)?.error;
    if (error) throw new Error(`CREATE DATABASE ${db} failed: ${error}`);
  }

  close(): void {
    this.agent.destroy();
  }

  private async ping(): Promise<string | undefined> {
    let version: string | undefined;
    try {
      await this.request('/ping', '', { method: 'GET', headers: this.auth('v1') }, (headers) => {
        version = headerValue(headers, 'x-influxdb-version');
      });
    } catch (error) {
      // Any HTTP answer means it is up (InfluxDB 3 may want a token even for /ping).
      if (!(error instanceof HttpError)) throw error;
      version = headerValue(error.headers, 'x-influxdb-version');
    }
    return version;
  }

  private auth(api: InfluxApi): Record<string, string> {
    const value = authorization(api, this.config);
    return value ? { authorization: value } : {};
  }

  /**
   * The transport's own timeout only reports an idle socket and leaves the request open; aborting
   * through a signal ends it, so a hung InfluxDB cannot pile up sockets.
   */
  private async request(
    path: string,
    body: string,
    options: SendOptions,
    onHeaders?: (headers: Record<string, unknown>) => void,
  ): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.config.timeoutMs);
    try {
      return await this.transport.request(
        path,
        body,
        { ...options, signal: controller.signal },
        onHeaders,
      );
    } catch (error) {
      if (controller.signal.aborted) throw new InfluxTimeoutError(this.config.timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
