import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useContainer } from 'class-validator';
import { AppModule } from './app.module';
import { HttpErrorFilter } from './common/filters/http-exception.filter';
import { jsonBodyParser } from './common/http/json-body.middleware';
import { applyTransport } from './common/http/transport';
import { RequestValidationPipe } from './common/validation/validation.pipe';
import type { AppConfig } from './config';
import { setupSwagger } from './swagger';

/**
 * Everything main.ts sets on the app, shared with the e2e tests so they boot the very same app.
 * The app must be created with `{ bodyParser: false }`: the JSON body parser here replaces Nest's.
 */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  const express = app as NestExpressApplication;
  // ETag hashing of every API answer costs CPU and serves no PLC or MES client.
  express.set('etag', false);
  express.disable('x-powered-by');
  applyTransport(app, config.get('transport', { infer: true }));
  express.use(jsonBodyParser(config.get('http', { infer: true }).bodyLimit));
  // Lets validator constraints (TimeStamp's clock skew) read the config through DI.
  useContainer(app.select(AppModule), { fallbackOnErrors: true });
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  setupSwagger(app);
  return app;
}
