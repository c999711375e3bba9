import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SensorConfigError } from './sensor-config';
import { loadSensorCatalog } from './sensor-config.loader';
import type { ZScoreParams } from './z-score.params';

const defaults: ZScoreParams = {
  window: 25,
  threshold: 2,
  ratioWindow: 25,
  rebaselineAfter: 0,
  minStd: 0.001,
};

describe(loadSensorCatalog.name, () => {
  let dir: string;
  const logger = { log: jest.fn(), warn: jest.fn() };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sensor-config-'));
    jest.clearAllMocks();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should load a file and log how many entries it has', () => {
    const file = join(dir, 'generic.json');
    writeFileSync(file, '{"sensors": ["Temp", {"name": "Pressure", "window": 40}]}');
    const catalog = loadSensorCatalog('sensor', file, defaults, logger);
    expect(catalog.kind).toBe('sensor');
    expect(catalog.source).toBe(file);
    expect(catalog.match('L', 'M', 'Pressure')?.params.window).toBe(40);
    expect(logger.log).toHaveBeenCalledWith(`2 generic sensor entries from ${file}`);
  });

  it('should treat a missing file as "analyse nothing" and say so once, as a warning', () => {
    const file = join(dir, 'absent.json');
    const catalog = loadSensorCatalog('vibration', file, defaults, logger);
    expect(catalog.entries).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      `${file} not found: no vibration sensors are analysed`,
    );
  });

  it('should refuse a path that exists but cannot be read as a file', () => {
    const path = join(dir, 'a-directory.json');
    mkdirSync(path);
    expect(() => loadSensorCatalog('sensor', path, defaults, logger)).toThrow(SensorConfigError);
  });

  it('should refuse a broken file, naming it', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"sensors": [{"name": "Temp", "window": 0}]}');
    expect(() => loadSensorCatalog('sensor', file, defaults, logger)).toThrow(
      new RegExp(`${file}: invalid sensor entries:\\n {2}sensors\\[0\\]: window must be`),
    );
  });

  it('should refuse invalid defaults', () => {
    const file = join(dir, 'generic.json');
    writeFileSync(file, '["Temp"]');
    expect(() => loadSensorCatalog('sensor', file, { ...defaults, window: 1 }, logger)).toThrow(
      /Invalid analytics defaults: window/,
    );
  });

  it('should parse the shipped default files as the fixtures expect', () => {
    const config = resolve(__dirname, '../../apps_data/http_server/config');
    const generic = loadSensorCatalog(
      'sensor',
      join(config, 'analytics_generic_sensors.json'),
      defaults,
      logger,
    );
    const vibration = loadSensorCatalog(
      'vibration',
      join(config, 'analytics_vibration_sensors.json'),
      defaults,
      logger,
    );
    expect(generic.match('Line1', 'Press 1', 'Temp')).toBeDefined();
    expect(generic.match('Line1', 'Press 1', 'Oil,Temp')).toBeUndefined();
    expect(vibration.match('Line1', 'Press 1', 'Vib1')).toBeUndefined();
    expect(vibration.entries.length).toBeGreaterThan(0);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
