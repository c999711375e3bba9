import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';

/** Longest SIGTERM may take before the process gives up waiting and exits non-zero. */
const SHUTDOWN_DEADLINE_MS = 30_000;

/**
 * SIGTERM/SIGINT: stop taking new work, finish every request already accepted (their points reach
 * the store: the writers drain in their shutdown hooks), then exit 0.
 *
 * Nest's own enableShutdownHooks() re-raises the signal after closing (exit "killed by SIGTERM"),
 * and Node's server.close() waits for keep-alive connections that a PLC keeps busy for ever. So
 * answers sent while closing carry `Connection: close`, and idle sockets are closed at once.
 */
export function installGracefulShutdown(app: INestApplication, logger: LoggerService): void {
  let closing = false;
  app.use(
    (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
      if (closing) res.setHeader('Connection', 'close');
      next();
    },
  );

  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: finishing accepted requests, then exiting`, 'Shutdown');
    const server = app.getHttpServer() as Server;
    server.closeIdleConnections();
    // A request that began before the signal is answered without `Connection: close`; its socket
    // must not then idle for HTTP_KEEP_ALIVE_TIMEOUT_MS (65 s) and hold the exit back.
    server.keepAliveTimeout = 1;
    const deadline = setTimeout(() => {
      logger.error(
        `Shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`,
        undefined,
        'Shutdown',
      );
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`Shutdown failed: ${String(err)}`, undefined, 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
