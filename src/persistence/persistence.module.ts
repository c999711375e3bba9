import { join } from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';
import { MetricsService } from '../health/metrics.service';
import { HttpInfluxQlClient } from './influx/http-influxql.client';
import { InfluxConnection } from './influx/influx-connection';
import { InfluxQlClient } from './influx/influxql.client';
import { UnconfiguredInfluxQlClient } from './influx/unconfigured-influxql.client';
import { JournaledPointWriter } from './journal/journaled-point.writer';
import { LineProtocolFileWriter } from './line-protocol-file/line-protocol-file.writer';
import { PointMapper } from './point.mapper';
import { PointWriter } from './point-writer';

type Config = ConfigService<AppConfig, true>;

/**
 * Binds the durable path: with INFLUX_URL set, the journal under DATA_DIR/journal that forwards to
 * InfluxDB; else the embedded line-protocol files.
 * InfluxQlClient is always bound so consumers need no optional injection; in embedded mode it
 * rejects every query with a clear StorageUnavailableError.
 */
@Module({
  providers: [
    PointMapper,
    {
      // null in embedded mode: the connection is shared by the writer and the InfluxQL client.
      provide: InfluxConnection,
      inject: [ConfigService],
      useFactory: (config: Config): InfluxConnection | null => {
        const influx = config.get('influx', { infer: true });
        return influx ? new InfluxConnection(influx) : null;
      },
    },
    {
      provide: PointWriter,
      inject: [ConfigService, MetricsService, InfluxConnection],
      useFactory: async (
        config: Config,
        metrics: MetricsService,
        connection: InfluxConnection | null,
      ): Promise<PointWriter> => {
        const logger = new Logger('PersistenceModule');
        const dataDir = config.get('dataDir', { infer: true });
        if (connection) {
          const { url, bucket, api } = connection.config;
          logger.log(
            `Journaling points under ${join(dataDir, 'journal')} and forwarding them to InfluxDB ` +
              `${url} (bucket/database "${bucket}", api ${api})`,
          );
          const journal = config.get('journal', { infer: true });
          return JournaledPointWriter.open(connection, metrics, { ...journal, dataDir });
        }
        const dir = join(dataDir, 'data');
        logger.warn(
          `No InfluxDB configured: writing line protocol to ${dir} (set INFLUX_URL to write to InfluxDB)`,
        );
        return new LineProtocolFileWriter(dir, metrics);
      },
    },
    {
      provide: InfluxQlClient,
      inject: [InfluxConnection],
      useFactory: (connection: InfluxConnection | null): InfluxQlClient =>
        connection ? new HttpInfluxQlClient(connection) : new UnconfiguredInfluxQlClient(),
    },
  ],
  exports: [PointWriter, PointMapper, InfluxQlClient],
})
export class PersistenceModule {}
