import type { INestApplication } from '@nestjs/common';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ServerOptions } from 'node:https';
import type { TlsConfig, TransportConfig } from '../../config';

/** How often Node checks request and header timeouts (its default, 30 s, makes them that coarse). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * HTTPS options for NestFactory.create when TLS_CERT_FILE/TLS_KEY_FILE are set. TLS 1.2 is the
 * floor: TF6760 speaks 1.2, and 1.0/1.1 are broken. With TLS_CA_FILE, clients must present a
 * certificate signed by that CA (mutual TLS).
 */
export function httpsOptions(
  tls: TlsConfig | undefined,
): (HttpsOptions & Pick<ServerOptions, 'minVersion'>) | undefined {
  if (!tls) return undefined;
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    minVersion: 'TLSv1.2',
    ...(tls.caFile
      ? { ca: readFileSync(tls.caFile), requestCert: true, rejectUnauthorized: true }
      : {}),
  };
}

/**
 * Security headers, CORS and timeouts: everything about the transport that configureApp sets,
 * so the e2e tests see the same as production.
 */
export function applyTransport(app: INestApplication, transport: TransportConfig): void {
  app.use(
    replayed(
      helmet({
        contentSecurityPolicy: {
          // Helmet's defaults already let Swagger UI run (its scripts are served from /docs; its
          // inline <style> is allowed by style-src 'unsafe-inline'). Upgrading requests to https
          // would break /docs on a plain-HTTP service, so only HTTPS asks for it.
          directives: { upgradeInsecureRequests: transport.tls ? [] : null },
        },
        // HSTS over plain HTTP is ignored by browsers and would only mislead.
        strictTransportSecurity: transport.tls !== undefined,
      }),
    ),
  );
  if (transport.corsOrigins.length > 0) {
    app.enableCors({
      origin: transport.corsOrigins.includes('*') ? '*' : transport.corsOrigins,
      allowedHeaders: ['Content-Type', 'X-API-Key', 'Authorization'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    });
  }
  const server = app.getHttpServer() as Server;
  server.requestTimeout = transport.requestTimeoutMs;
  server.headersTimeout = transport.headersTimeoutMs;
  server.keepAliveTimeout = transport.keepAliveTimeoutMs;
  // Read by Node when the server starts listening, so setting it here (before listen) works.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    TIMEOUT_CHECK_INTERVAL_MS;
}

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/**
 * The headers `middleware` sets, worked out once and set again on every answer. Helmet runs a
 * dozen middleware functions per request and builds its CSP string each time, although with
 * these options (no nonces) its headers depend only on the config: the same headers, for less
 * work on every single-sample request.
 */
export function replayed(middleware: Middleware): Middleware {
  const ops: Array<[name: string, value?: string | string[]]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      ops.push([name, typeof value === 'number' ? String(value) : (value as string | string[])]),
    removeHeader: (name: string) => ops.push([name]),
  };
  let failure: unknown;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    failure = err;
  });
  if (failure) throw failure;
  return (_req, res, next) => {
    for (const [name, value] of ops) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
