import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, TestingModule } from '@nestjs/testing';
import { buildAppConfig } from '../config/app.config';
import { StorageUnavailableError } from '../common/errors/domain-errors';
import { MetricsModule } from '../health/metrics.module';
import { HttpInfluxQlClient } from './influx/http-influxql.client';
import { InfluxQlClient } from './influx/influxql.client';
import { JournaledPointWriter } from './journal/journaled-point.writer';
import { LineProtocolFileWriter } from './line-protocol-file/line-protocol-file.writer';
import { PersistenceModule } from './persistence.module';
import { PointMapper } from './point.mapper';
import { PointWriter } from './point-writer';

const { influx, journal } = buildAppConfig({
  INFLUX_URL: 'http://127.0.0.1:9',
  INFLUX_TIMEOUT_MS: '1000',
  JOURNAL_MAX_BYTES: String(1024 ** 2),
  JOURNAL_SHUTDOWN_FORWARD_MS: '0',
});

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
    const ref = await boot({ dataDir, journal });
    const writer = ref.get(PointWriter);
    expect(writer).toBeInstanceOf(LineProtocolFileWriter);
    expect((writer as LineProtocolFileWriter).dir).toBe(join(dataDir, 'data'));
    expect(ref.get(PointMapper)).toBeInstanceOf(PointMapper);
    await expect(ref.get(InfluxQlClient).query('SELECT 1')).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
  });

  it('should bind the journal in front of InfluxDB and the HTTP InfluxQL client when InfluxDB is configured', async () => {
    const ref = await boot({ dataDir, influx, journal });
    expect(ref.get(PointWriter)).toBeInstanceOf(JournaledPointWriter);
    expect(ref.get(InfluxQlClient)).toBeInstanceOf(HttpInfluxQlClient);
    // Ready with InfluxDB unreachable: the journal accepts, and the body says where the data waits.
    expect(ref.get(PointWriter).health()).toMatchObject({
      ready: true,
      kind: 'influxdb',
      backlog: 0,
      journal: { accepting: true, maxBytes: 1024 ** 2, backlogPoints: 0 },
      influxdb: { ready: false },
    });
    expect(existsSync(join(dataDir, 'journal'))).toBe(true);
  });
});
