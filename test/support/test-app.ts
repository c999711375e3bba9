import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';

export interface TestApp {
  app: INestApplication;
  /** The temp DATA_DIR this app owns (removed by close()). */
  dataDir: string;
  /** `app.getHttpServer()`, for supertest. */
  server: () => unknown;
  close: () => Promise<void>;
}

/** Variables a developer's shell may hold that would point a test at something it did not start. */
const SCRUBBED =
  /^(INFLUX_|ANOMALY_|ANALYTICS_|MODEL_|Z_SCORE|API_KEYS|AUTH_|MES_|STATE_|PORT$|FLASK_PORT$|DATA_DIR$)/;

export interface TestAppOptions {
  /** Files to create under DATA_DIR before boot, e.g. `config/analytics_generic_sensors.json`. */
  files?: Record<string, unknown>;
}

/** The analytics config files as the service reads them by default (old list format). */
export function sensorFiles(
  generic: unknown[],
  vibration: unknown[] = [],
): Record<string, unknown> {
  return {
    'config/analytics_generic_sensors.json': { sensors: generic },
    'config/analytics_vibration_sensors.json': { sensors: vibration },
  };
}

/**
 * Boots AppModule through the same configureApp() as main.ts, configured only by `env` (plus a
 * fresh temp DATA_DIR unless one is given). The env is restored once the app is built.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const saved = { ...process.env };
  const ownDir = env.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'iiot-app-'));
  const dataDir = env.DATA_DIR ?? ownDir!;
  for (const [file, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dataDir, file)), { recursive: true });
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    writeFileSync(join(dataDir, file), text);
  }
  for (const key of Object.keys(process.env)) if (SCRUBBED.test(key)) delete process.env[key];
  Object.assign(process.env, { LOG_LEVEL: 'error', ...env, DATA_DIR: dataDir });
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
    configureApp(app);
    await app.init();
    return {
      app,
      dataDir,
      server: () => app.getHttpServer(),
      close: async () => {
        await app.close();
        if (ownDir) rmSync(ownDir, { recursive: true, force: true });
      },
    };
  } finally {
    process.env = saved;
  }
}
