import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import type { AppConfig } from '../config';
import { InfluxQlClient } from '../persistence/influx/influxql.client';
import { PersistenceModule } from '../persistence/persistence.module';
import { AnomalyReader } from './line-status/anomaly-reader';
import { InfluxAnomalyReader } from './line-status/influx-anomaly.reader';
import { LatestState } from './line-status/latest-state';
import { LineStatusService } from './line-status/line-status.service';
import { LinesController } from './line-status/lines.controller';
import { MemoryAnomalyReader } from './line-status/memory-anomaly.reader';
import { FileOrderRepository } from './production-orders/file-order.repository';
import { LegacyProductionOrderController } from './production-orders/legacy-production-order.controller';
import { OrderRepository } from './production-orders/order.repository';
import { ProductionOrdersController } from './production-orders/production-orders.controller';
import { ProductionOrdersService } from './production-orders/production-orders.service';

type Config = ConfigService<AppConfig, true>;

/** The order file's place under DATA_DIR (one bind mount holds everything the service keeps). */
export function ordersFile(dataDir: string): string {
  return join(dataDir, 'mes', 'production_orders.json');
}

/**
 * Production orders (file-backed) and line status (in memory, fed by ingestion through the exported
 * LatestState). Anomalies are read from InfluxDB when one is configured: that client throws in
 * embedded mode, so the choice is made here once, from the config.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [ProductionOrdersController, LegacyProductionOrderController, LinesController],
  providers: [
    {
      provide: OrderRepository,
      inject: [ConfigService],
      useFactory: (config: Config) =>
        new FileOrderRepository({
          file: ordersFile(config.get('dataDir', { infer: true })),
          demoOrder: config.get('mes', { infer: true }).demoOrder,
        }),
    },
    ProductionOrdersService,
    LatestState,
    {
      provide: AnomalyReader,
      inject: [ConfigService, LatestState, InfluxQlClient],
      useFactory: (config: Config, latest: LatestState, client: InfluxQlClient): AnomalyReader =>
        config.get('influx', { infer: true })
          ? new InfluxAnomalyReader(client)
          : new MemoryAnomalyReader(latest),
    },
    LineStatusService,
  ],
  exports: [LatestState],
})
export class MesModule {}
