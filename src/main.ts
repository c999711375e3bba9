import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config';
import { ConfigValidationError, loadAppConfig } from './config';
import { httpsOptions } from './common/http/transport';
import { configureApp } from './configure-app';
import { installGracefulShutdown } from './graceful-shutdown';

async function bootstrap(): Promise<void> {
  // Read before the app exists: the HTTPS server is created with it (a bad variable stops here).
  const { tls } = loadAppConfig().transport;
  const app = await NestFactory.create(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    httpsOptions: httpsOptions(tls),
  });
  const logger = app.get(PinoLogger);
  app.useLogger(logger);
  installGracefulShutdown(app, logger);
  configureApp(app);
  const { port, host } = app.get<ConfigService<AppConfig, true>>(ConfigService).get('http', {
    infer: true,
  });
  await app.listen(port, host);
  const scheme = tls ? 'https' : 'http';
  Logger.log(`Listening on ${scheme}://${host}:${port} (Swagger UI at /docs)`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  // A bad config value must stop the start with a message naming the variable, not a stack.
  if (err instanceof ConfigValidationError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
