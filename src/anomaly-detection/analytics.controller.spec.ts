import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HttpErrorFilter } from '../common/filters/http-exception.filter';
import { RequestValidationPipe } from '../common/validation/validation.pipe';
import { MetricsModule } from '../health/metrics.module';
import { AnalyticsController } from './analytics.controller';
import { AnomalyDetectionModule } from './anomaly-detection.module';
import { AnomalyDetectionService } from './anomaly-detection.service';

const defaults = { window: 25, threshold: 2, ratioWindow: 25, rebaselineAfter: 0, minStd: 0.001 };

describe(AnalyticsController.name, () => {
  let dir: string;
  let app: INestApplication;

  async function boot(generic: string) {
    const genericSensorsFile = join(dir, 'generic.json');
    writeFileSync(genericSensorsFile, generic);
    const analytics = {
      genericSensorsFile,
      vibrationSensorsFile: join(dir, 'absent.json'),
      defaults,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ analytics })],
        }),
        MetricsModule,
        AnomalyDetectionModule,
      ],
    })
      .setLogger({ log() {}, warn() {}, error() {} })
      .compile();
    const nest = moduleRef.createNestApplication({ logger: false });
    nest.useGlobalPipes(new RequestValidationPipe());
    nest.useGlobalFilters(new HttpErrorFilter());
    await nest.init();
    return nest;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'analytics-controller-'));
  });
  afterEach(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should list configured entries before any sample, and live detectors after', async () => {
    app = await boot(
      '{"sensors": ["Temp", {"name": "Pressure", "machine": "Press 2", "window": 5}]}',
    );
    const before = await request(app.getHttpServer())
      .get('/api/v1/analytics/detectors')
      .expect(200);
    expect(before.body).toEqual({
      detectors: [],
      configured: [
        { name: 'Temp', kind: 'sensor', params: defaults },
        {
          name: 'Pressure',
          machine: 'Press 2',
          kind: 'sensor',
          params: { ...defaults, window: 5 },
        },
      ],
    });

    app.get(AnomalyDetectionService).score([
      { kind: 'sensor', line: 'Line1', machine: 'Press 1', name: 'Temp', value: 42, time: 1 },
      { kind: 'sensor', line: 'Line2', machine: 'Press 1', name: 'Temp', value: 7, time: 1 },
    ]);
    const after = await request(app.getHttpServer())
      .get('/api/v1/analytics/detectors')
      .query({ line: 'Line1', machine: 'Press 1' })
      .expect(200);
    expect(after.body.detectors).toEqual([
      {
        line: 'Line1',
        machine: 'Press 1',
        sensor: 'Temp',
        kind: 'sensor',
        params: defaults,
        state: { filled: 1, mean: 42, std: 0, scored: 0, anomalyRatio: 0, consecutiveAnomalies: 0 },
      },
    ]);
    expect(after.body.configured.map((c: { name: string }) => c.name)).toEqual(['Temp']);
  });

  it('should answer 400 in the shared error body for an invalid filter', async () => {
    app = await boot('["Temp"]');
    const res = await request(app.getHttpServer())
      .get('/api/v1/analytics/detectors?line=')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.errors[0].field).toBe('line');
  });

  it('should refuse to boot on a broken config file', async () => {
    await expect(boot('{"sensors": [42]}')).rejects.toThrow(
      /generic\.json: invalid sensor entries/,
    );
  });

  it('should document the route in OpenAPI', async () => {
    app = await boot('["Temp"]');
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const op = doc.paths['/api/v1/analytics/detectors'].get!;
    expect(op.operationId).toBe('listDetectors');
    expect(op.tags).toEqual(['analytics']);
    expect(op.summary).toBeTruthy();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect((op.parameters ?? []).map((p) => ('name' in p ? p.name : ''))).toEqual([
      'line',
      'machine',
    ]);
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'DetectorListDto',
        'DetectorDto',
        'ConfiguredDetectorDto',
        'DetectorParamsDto',
        'DetectorStateDto',
      ]),
    );
  });
});
