import { readFileSync } from 'node:fs';
import { DetectorKind, SensorCatalog, SensorConfigError, parseSensorConfig } from './sensor-config';
import { ZScoreParams, validateZScoreParams } from './z-score.params';

/** The part of Nest's LoggerService the loader needs. */
export interface BootLogger {
  log(message: string): void;
  warn(message: string): void;
}

const LABEL: Record<DetectorKind, string> = { sensor: 'generic', vibration: 'vibration' };

/**
 * Reads one analytics config file at boot. A missing file means "analyse nothing from it" (the
 * operator may not use vibration analytics at all), so it is logged, not fatal; a file that exists
 * but cannot be read or parsed stops the start, because silently analysing nothing would hide it.
 */
export function loadSensorCatalog(
  kind: DetectorKind,
  path: string,
  defaults: ZScoreParams,
  logger: BootLogger,
): SensorCatalog {
  const problems = validateZScoreParams(defaults);
  if (problems.length > 0) {
    throw new SensorConfigError(`Invalid analytics defaults: ${problems.join('; ')}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      logger.warn(`${path} not found: no ${LABEL[kind]} sensors are analysed`);
      return new SensorCatalog(kind, path, []);
    }
    throw new SensorConfigError(`${path}: cannot read: ${(err as Error).message}`);
  }
  const catalog = new SensorCatalog(kind, path, parseSensorConfig(text, path, defaults));
  logger.log(`${catalog.entries.length} ${LABEL[kind]} sensor entries from ${path}`);
  return catalog;
}
