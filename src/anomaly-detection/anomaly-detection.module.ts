import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnomalyDetectionService } from './anomaly-detection.service';

/** Needs the global ConfigModule (AppConfigModule) and MetricsModule. */
@Module({
  controllers: [AnalyticsController],
  providers: [AnomalyDetectionService],
  exports: [AnomalyDetectionService],
})
export class AnomalyDetectionModule {}
