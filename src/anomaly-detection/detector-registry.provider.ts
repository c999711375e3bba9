import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';
import { MetricsService } from '../health/metrics.service';
import { DetectorRegistry } from './detector-registry';
import { loadSensorCatalog } from './sensor-config.loader';

/**
 * The one DetectorRegistry of the app, shared by scoring and the detectors API. The config files
 * are read here, at boot, so a broken file stops the start.
 */
export function createDetectorRegistry(
  config: ConfigService<AppConfig, true>,
  metrics: MetricsService,
): DetectorRegistry {
  const logger = new Logger('AnomalyDetection');
  const { genericSensorsFile, vibrationSensorsFile, defaults } = config.get('analytics', {
    infer: true,
  });
  return new DetectorRegistry(
    {
      sensor: loadSensorCatalog('sensor', genericSensorsFile, defaults, logger),
      vibration: loadSensorCatalog('vibration', vibrationSensorsFile, defaults, logger),
    },
    metrics.detectors,
  );
}

export const detectorRegistryProvider = {
  provide: DetectorRegistry,
  inject: [ConfigService, MetricsService],
  useFactory: createDetectorRegistry,
};
