import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { HOT_INGEST_ROUTES } from '../../ingestion/hot-routes';

/**
 * pino-http on every route but the hot ingest ones (hot-routes.ts): one log line per failed
 * request, none per success (a line per sample would drown the log at 1 kHz).
 *
 * Mounted here rather than by nestjs-pino, whose middleware also binds a logger to each request
 * through AsyncLocalStorage. Once one request (a health probe, say) has run in it, Node 20 runs an
 * async hook for every promise the process creates, hot routes included: with it, a single
 * sample took ≈ 25 % more CPU (docs/performance.md). The price: other log lines written while a
 * request is handled no longer carry its `req` fields; the request's own failure line, written
 * here, still does.
 */
@Module({})
export class RequestLogModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(requestLog())
      .exclude(...HOT_INGEST_ROUTES)
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

function requestLog(): RequestHandler {
  let log: RequestHandler | undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    // Built on first use: nestjs-pino creates the root logger (level, redaction) while the
    // middleware of all modules is configured, in an order this module does not control.
    log ??= pinoHttp({
      logger: PinoLogger.root,
      customLogLevel: (_req, response, err) =>
        err || response.statusCode >= 500
          ? 'error'
          : response.statusCode >= 400
            ? 'warn'
            : 'silent',
    }) as RequestHandler;
    log(req, res, next);
  };
}
