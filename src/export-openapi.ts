import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { buildOpenApiDocument } from './swagger';

/**
 * `npm run openapi`: writes docs/openapi.json, the document MES integrators generate clients from.
 * A test compares it with the running app's document, so a stale export fails the build.
 */
async function exportOpenApi(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error'], bodyParser: false });
  configureApp(app);
  await app.init();
  const target = resolve(__dirname, '..', 'docs', 'openapi.json');
  writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

void exportOpenApi();
