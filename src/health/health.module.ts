import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [PersistenceModule],
  controllers: [HealthController, MetricsController],
})
export class HealthModule {}
