import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, TestingModule } from '@nestjs/testing';
import type { InfluxConfig } from '../config/app.config';
import { StorageUnavailableError } from '../common/errors/domain-errors';
import { MetricsModule } from '../health/metrics.module';
import { HttpInfluxQlClient } from './influx/http-influxql.client';
import { InfluxPointWriter } from './influx/influx-point.writer';
import { InfluxQlClient } from './influx/influxql.client';
import { LineProtocolFileWriter } from './line-protocol-file/line-protocol-file.writer';
import { PersistenceModule } from './persistence.module';
import { PointMapper } from './point.mapper';
import { PointWriter } from './point-writer';

const influx: InfluxConfig = {
  url: 'http://127.0.0.1:9',
  api: 'auto',
  bucket: 'iiot',
  org: '',
  token: '',
  username: '',
  password: '',
  batchSize: 5000,
  flushIntervalMs: 1000,
  jitterIntervalMs: 0,
  timeoutMs: 1000,
  unavailableWaitMs: 1000,
  gzip: false,
};

describe(PersistenceModule.name, () => {
  let dataDir: string;
  let moduleRef: TestingModule | undefined;

  const boot = async (config: Record<string, unknown>) => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        MetricsModule,
        PersistenceModule,
      ],
    }).compile();
    return moduleRef;
  };

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'persistence-module-'))));
  afterEach(async () => {
    await moduleRef?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should bind the line-protocol file writer under DATA_DIR/data when no InfluxDB is configured', async () => {
    const ref = await boot({ dataDir });
    const writer = ref.get(PointWriter);
    expect(writer).toBeInstanceOf(LineProtocolFileWriter);
    expect((writer as LineProtocolFileWriter).dir).toBe(join(dataDir, 'data'));
    expect(ref.get(PointMapper)).toBeInstanceOf(PointMapper);
    await expect(ref.get(InfluxQlClient).query('SELECT 1')).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
  });

  it('should bind the InfluxDB writer and the HTTP InfluxQL client when InfluxDB is configured', async () => {
    const ref = await boot({ dataDir, influx });
    expect(ref.get(PointWriter)).toBeInstanceOf(InfluxPointWriter);
    expect(ref.get(InfluxQlClient)).toBeInstanceOf(HttpInfluxQlClient);
    expect(ref.get(PointWriter).health()).toMatchObject({
      ready: false,
      kind: 'influxdb',
      backlog: 0,
    });
  });
});
