import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { DetectorAdminController } from './detector-admin.controller';
import { DetectorAdminService } from './detector-admin.service';
import { DetectorRegistry } from './detector-registry';
import { detectorRegistryProvider } from './detector-registry.provider';

/** Needs the global ConfigModule (AppConfigModule) and MetricsModule. */
@Module({
  controllers: [AnalyticsController, DetectorAdminController],
  providers: [detectorRegistryProvider, AnomalyDetectionService, DetectorAdminService],
  exports: [AnomalyDetectionService, DetectorRegistry],
})
export class AnomalyDetectionModule {}
