import { ConfigValidationError, buildAppConfig } from './app.config';

describe(buildAppConfig.name, () => {
  it('should run on the embedded default with no variables at all', () => {
    const config = buildAppConfig({}, '/srv/app');
    expect(config.influx).toBeUndefined();
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe('/srv/app/apps_data/http_server');
    expect(config.analytics.genericSensorsFile).toBe(
      '/srv/app/apps_data/http_server/config/analytics_generic_sensors.json',
    );
    expect(config.journal).toEqual({ maxBytes: 1024 ** 3, shutdownForwardMs: 5000 });
    expect(config.analytics.defaults).toEqual({
      window: 100,
      threshold: 3.5,
      ratioWindow: 25,
      rebaselineAfter: 10,
      minStd: 0.001,
    });
  });

  it("should give the old server's detector parameters with ANOMALY_PRESET=legacy alone", () => {
    expect(buildAppConfig({ ANOMALY_PRESET: 'legacy' }).analytics.defaults).toEqual({
      window: 25,
      threshold: 2,
      ratioWindow: 25,
      rebaselineAfter: 0,
      minStd: 0.001,
    });
    const tuned = buildAppConfig({ ANOMALY_PRESET: 'legacy', ANOMALY_REBASELINE_AFTER: '20' });
    expect(tuned.analytics.defaults).toMatchObject({ window: 25, rebaselineAfter: 20 });
  });

  it("should accept the old server's variable names", () => {
    const config = buildAppConfig({
      INFLUX_HOST: 'influxdb',
      INFLUX_PORT: '8086',
      INFLUX_BUCKET_NAME: 'plant',
      INFLUX_ORG: 'acme',
      INFLUX_TOKEN: 'secret',
      INFLUX_BATCH_SIZE: '500',
      INFLUX_FLUSH_INTERVAL: '250',
      INFLUX_JITTER_INTERVAL: '10',
      Z_SCORE_THRESHOLD: '3.5',
      MODEL_WINDOW_SIZE: '50',
      ANOMALY_LIST_SIZE: '100',
      FLASK_PORT: '5000',
    });
    expect(config.influx).toMatchObject({
      url: 'http://influxdb:8086',
      bucket: 'plant',
      org: 'acme',
      token: 'secret',
      batchSize: 500,
      flushIntervalMs: 250,
      jitterIntervalMs: 10,
    });
    expect(config.analytics.defaults).toMatchObject({
      threshold: 3.5,
      window: 50,
      ratioWindow: 100,
    });
    expect(config.http.port).toBe(5000);
  });

  it('should let the new name win when both are set', () => {
    const config = buildAppConfig({
      INFLUX_HOST: 'old-host',
      INFLUX_PORT: '8086',
      INFLUX_URL: 'https://new-host:8443/',
      INFLUX_BUCKET_NAME: 'old',
      INFLUX_BUCKET: 'new',
      FLASK_PORT: '5000',
      PORT: '3001',
      Z_SCORE_THRESHOLD: '2',
      ANOMALY_THRESHOLD: '4',
    });
    expect(config.influx?.url).toBe('https://new-host:8443');
    expect(config.influx?.bucket).toBe('new');
    expect(config.http.port).toBe(3001);
    expect(config.analytics.defaults.threshold).toBe(4);
  });

  it('should read the journal cap and the shutdown forwarding time', () => {
    const config = buildAppConfig({
      JOURNAL_MAX_BYTES: '268435456',
      JOURNAL_SHUTDOWN_FORWARD_MS: '0',
    });
    expect(config.journal).toEqual({ maxBytes: 268435456, shutdownForwardMs: 0 });
  });

  it('should treat an empty variable as unset', () => {
    expect(buildAppConfig({ INFLUX_URL: '', PORT: ' ' }).influx).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['INFLUX_URL', 'not a url'],
    ['INFLUX_API', 'v3'],
    ['INFLUX_BATCH_SIZE', '0'],
    ['JOURNAL_MAX_BYTES', '1gb'],
    ['JOURNAL_MAX_BYTES', '1000'],
    ['JOURNAL_SHUTDOWN_FORWARD_MS', '60000'],
    ['MODEL_WINDOW_SIZE', '1'],
    ['ANOMALY_MIN_STD', '-1'],
    ['ANOMALY_PRESET', 'old'],
    ['MES_DEMO_ORDER', 'maybe'],
    ['NODE_ENV', 'staging'],
  ])('should refuse %s=%s with a message naming the variable', (name, value) => {
    const build = () => buildAppConfig({ [name]: value });
    expect(build).toThrow(ConfigValidationError);
    expect(build).toThrow(new RegExp(`\\b${name}\\b`));
  });
});
