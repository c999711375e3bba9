import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Sample, SensorSample, VibrationSample } from '../common/domain/sample';
import type { AppConfig } from '../config/app.config';
import { MetricsService } from '../health/metrics.service';
import { inTimeOrder } from '../ingestion/ingestion.service';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { createDetectorRegistry } from './detector-registry.provider';
import { SensorConfigError } from './sensor-config';

const defaults = { window: 25, threshold: 2, ratioWindow: 25, rebaselineAfter: 0, minStd: 0.001 };

const T0 = 1764000000000;

const sensor = (name: string, value: number, machine = 'Press 1', time = T0): SensorSample => ({
  kind: 'sensor',
  line: 'Line1',
  machine,
  name,
  value,
  time,
});

const vibration = (name: string, x: number, y: number, z: number, time = T0): VibrationSample => ({
  kind: 'vibration',
  line: 'Line1',
  machine: 'Press 1',
  name,
  x,
  y,
  z,
  total: Math.sqrt(x * x + y * y + z * z),
  time,
});

describe(AnomalyDetectionService.name, () => {
  let dir: string;
  let metrics: MetricsService;

  function create(generic: string | null, vib: string | null): AnomalyDetectionService {
    const genericSensorsFile = join(dir, 'generic.json');
    const vibrationSensorsFile = join(dir, 'vibration.json');
    if (generic !== null) writeFileSync(genericSensorsFile, generic);
    if (vib !== null) writeFileSync(vibrationSensorsFile, vib);
    const config = new ConfigService({
      analytics: { genericSensorsFile, vibrationSensorsFile, defaults },
    }) as unknown as ConfigService<AppConfig, true>;
    return new AnomalyDetectionService(createDetectorRegistry(config, metrics), metrics);
  }

  const anomalyCount = async () => (await metrics.anomalies.get()).values[0]?.value ?? 0;
  const detectorGauge = async () => (await metrics.detectors.get()).values[0]?.value;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'anomaly-detection-'));
    metrics = new MetricsService();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('should pass states and unlisted sensors through unchanged', () => {
    const service = create('{"sensors": ["Temp"]}', '{"sensors": ["SpindleVib"]}');
    const samples: Sample[] = [
      { kind: 'state', line: 'Line1', machine: 'Press 1', name: 'Running', value: 1, time: 1 },
      sensor('Oil,Temp', 42),
      vibration('Vib1', 0.3, 0.4, 1.2),
    ];
    const scored = service.score(samples);
    expect(scored).toHaveLength(3);
    scored.forEach((s, i) => expect(s).toBe(samples[i]));
  });

  it('should score a listed sensor: warm-up, then the fixture anomaly', async () => {
    const service = create('{"sensors": ["Temp"]}', null);
    const [first] = service.score([sensor('Temp', 42)]);
    expect(first).toEqual({
      ...sensor('Temp', 42),
      analytics: {
        anomaly: false,
        anomalyRatio: 0,
        modelAvg: 42,
        modelStd: 0,
        zScore: 0,
        threshold: 2,
      },
    });

    const other = create('{"sensors": ["Temp"]}', null);
    const warmUp = Array.from({ length: 25 }, (_, i) =>
      sensor('Temp', i % 2 === 0 ? 10 : 11, 'Press 1', T0 + i),
    );
    const scored = other.score([...warmUp, sensor('Temp', 13, 'Press 1', T0 + 25)]);
    const last = scored[25].analytics!;
    expect(last.anomaly).toBe(true);
    expect(last.zScore).toBeCloseTo(4.942, 3);
    expect(last.modelAvg).toBeCloseTo(10.48, 12);
    expect(last.anomalyRatio).toBe(1);
    expect(await anomalyCount()).toBe(1);
  });

  it('should keep the input sample unmodified when it adds analytics', () => {
    const service = create('["Temp"]', null);
    const sample = sensor('Temp', 1);
    const [scored] = service.score([sample]);
    expect(scored).not.toBe(sample);
    expect(sample).not.toHaveProperty('analytics');
  });

  it('should score the total of a listed vibration sensor', () => {
    const service = create(null, '{"sensors": ["SpindleVib"]}');
    const [a, b] = service.score([
      vibration('SpindleVib', 0.3, 0.4, 1.2),
      vibration('SpindleVib', 0, 0, 2.3, T0 + 1),
    ]);
    expect(a).toEqual({ ...vibration('SpindleVib', 0.3, 0.4, 1.2), analytics: a.analytics });
    expect(a.analytics?.modelAvg).toBeCloseTo(1.3, 12);
    expect(b.analytics?.modelAvg).toBeCloseTo(1.8, 12);
  });

  it('should keep separate models per machine and per kind', async () => {
    const service = create('["X"]', '["X"]');
    service.score([sensor('X', 1), sensor('X', 100, 'Press 2'), vibration('X', 0, 0, 7)]);
    const views = service.listDetectors();
    expect(views.map((d) => [d.machine, d.kind, d.state.mean])).toEqual([
      ['Press 1', 'sensor', 1],
      ['Press 1', 'vibration', 7],
      ['Press 2', 'sensor', 100],
    ]);
    expect(await detectorGauge()).toBe(3);
  });

  it('should score a request in timestamp order once the ingestion service has sorted it', () => {
    const service = create('[{"name": "T", "window": 2}]', null);
    const at = (value: number, dt: number) => sensor('T', value, 'Press 1', T0 + dt);
    const scored = service.score(inTimeOrder([at(1.5, 3), at(1, 1), at(9, 4), at(2, 2)]));
    expect(scored.map((s) => s.time - T0)).toEqual([1, 2, 3, 4]);
    expect(scored.map((s) => s.analytics?.anomaly)).toEqual([false, false, false, true]);
    // Scored as 1, 2 (warm-up), 1.5 against the model {1, 2}, then 9 against {2, 1.5}.
    expect(scored.map((s) => s.analytics?.modelAvg)).toEqual([1, 1.5, 1.5, 1.75]);
  });

  it('should give a resend its first result and not learn from a late sample', () => {
    const service = create('[{"name": "T", "window": 3}]', null);
    const at = (value: number, dt: number) => sensor('T', value, 'Press 1', T0 + dt);
    service.score([at(10, 0), at(11, 10), at(10, 20)]);
    const [first] = service.score([at(30, 30)]);
    const [resent] = service.score([at(10.5, 30)]);
    const [late] = service.score([at(10.5, 25)]);
    expect(resent.analytics).toEqual(first.analytics);
    expect(first.analytics).toMatchObject({ anomaly: true });
    expect(late.analytics).toMatchObject({ anomaly: false, zScore: expect.closeTo(0.2887, 4) });
    expect(service.listDetectors()[0].state).toMatchObject({ scored: 1, consecutiveAnomalies: 1 });
  });

  it('should list detectors and configured entries with filters', () => {
    const service = create(
      JSON.stringify({ sensors: ['Temp', { name: 'Temp', line: 'Line2', window: 10 }] }),
      '["SpindleVib"]',
    );
    service.score([sensor('Temp', 5)]);
    expect(service.listDetectors({ line: 'Line1' })).toEqual([
      {
        line: 'Line1',
        machine: 'Press 1',
        sensor: 'Temp',
        kind: 'sensor',
        params: defaults,
        state: { filled: 1, mean: 5, std: 0, scored: 0, anomalyRatio: 0, consecutiveAnomalies: 0 },
      },
    ]);
    expect(service.listDetectors({ machine: 'Press 9' })).toEqual([]);
    expect(service.listConfigured()).toEqual([
      { name: 'Temp', kind: 'sensor', params: defaults },
      { name: 'Temp', line: 'Line2', kind: 'sensor', params: { ...defaults, window: 10 } },
      { name: 'SpindleVib', kind: 'vibration', params: defaults },
    ]);
    expect(service.listConfigured({ line: 'Line1' }).map((c) => c.name)).toEqual([
      'Temp',
      'SpindleVib',
    ]);
  });

  it('should start with missing files and analyse nothing from them', () => {
    const service = create(null, null);
    const samples = [sensor('Temp', 1)];
    expect(service.score(samples)[0]).toBe(samples[0]);
    expect(service.listConfigured()).toEqual([]);
  });

  it('should refuse to start on a broken config file', () => {
    expect(() => create('{"sensors": [{"name": "Temp", "window": "big"}]}', null)).toThrow(
      SensorConfigError,
    );
  });
});
