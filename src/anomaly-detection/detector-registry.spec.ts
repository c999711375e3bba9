import { DetectorRegistry } from './detector-registry';
import { ZScoreDetector } from './z-score-detector';
import { SensorCatalog, parseSensorConfig } from './sensor-config';
import type { ZScoreParams } from './z-score.params';

const defaults: ZScoreParams = {
  window: 25,
  threshold: 2,
  ratioWindow: 25,
  rebaselineAfter: 0,
  minStd: 0.001,
};

function registry(generic: unknown[], vibration: unknown[] = []) {
  const gauge = { set: jest.fn() };
  const catalogs = {
    sensor: new SensorCatalog(
      'sensor',
      'g.json',
      parseSensorConfig(JSON.stringify(generic), 'g.json', defaults),
    ),
    vibration: new SensorCatalog(
      'vibration',
      'v.json',
      parseSensorConfig(JSON.stringify(vibration), 'v.json', defaults),
    ),
  };
  return { registry: new DetectorRegistry(catalogs, gauge), gauge, catalogs };
}

describe(DetectorRegistry.name, () => {
  it('should create one detector per series on first use and reuse it', () => {
    const { registry: r, gauge } = registry(['Temp']);
    expect(gauge.set).toHaveBeenLastCalledWith(0);
    expect(r.liveDetectors()).toHaveLength(0);
    const a = r.detectorFor('sensor', 'L1', 'M1', 'Temp');
    expect(a).not.toBeNull();
    expect(r.detectorFor('sensor', 'L1', 'M1', 'Temp')).toBe(a);
    expect(gauge.set).toHaveBeenLastCalledWith(1);
  });

  it('should keep one model per (line, machine, sensor)', () => {
    const { registry: r, gauge } = registry(['Temp']);
    const a = r.detectorFor('sensor', 'L1', 'M1', 'Temp');
    const b = r.detectorFor('sensor', 'L1', 'M2', 'Temp');
    const c = r.detectorFor('sensor', 'L2', 'M1', 'Temp');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(gauge.set).toHaveBeenLastCalledWith(3);
    expect(r.liveDetectors().map((d) => [d.kind, d.line, d.machine, d.sensor])).toEqual([
      ['sensor', 'L1', 'M1', 'Temp'],
      ['sensor', 'L1', 'M2', 'Temp'],
      ['sensor', 'L2', 'M1', 'Temp'],
    ]);
  });

  it('should keep generic and vibration detectors in separate namespaces', () => {
    const { registry: r } = registry(['Temp'], ['SpindleVib']);
    expect(r.detectorFor('vibration', 'L1', 'M1', 'Temp')).toBeNull();
    expect(r.detectorFor('sensor', 'L1', 'M1', 'SpindleVib')).toBeNull();
    expect(r.detectorFor('vibration', 'L1', 'M1', 'SpindleVib')).not.toBeNull();

    const both = registry(['X'], ['X']).registry;
    const generic = both.detectorFor('sensor', 'L1', 'M1', 'X');
    const vib = both.detectorFor('vibration', 'L1', 'M1', 'X');
    expect(generic).not.toBeNull();
    expect(vib).not.toBeNull();
    expect(generic).not.toBe(vib);
  });

  it('should use the parameters of the most specific matching entry', () => {
    const { registry: r } = registry([
      { name: 'Temp', window: 10 },
      { name: 'Temp', line: 'L1', machine: 'M1', window: 40, threshold: 3 },
    ]);
    expect(r.detectorFor('sensor', 'L1', 'M1', 'Temp')?.params).toEqual({
      ...defaults,
      window: 40,
      threshold: 3,
    });
    expect(r.detectorFor('sensor', 'L1', 'M2', 'Temp')?.params).toEqual({
      ...defaults,
      window: 10,
    });
  });

  it('should answer an unlisted name without consulting the config', () => {
    const { registry: r, catalogs, gauge } = registry(['Temp']);
    const match = jest.spyOn(catalogs.sensor, 'match');
    for (let i = 0; i < 5; i++) expect(r.detectorFor('sensor', 'L1', 'M1', 'Oil,Temp')).toBeNull();
    expect(match).not.toHaveBeenCalled();
    expect(gauge.set).toHaveBeenLastCalledWith(0);
  });

  it('should match a listed name on another line in the config only once', () => {
    const { registry: r, catalogs } = registry([{ name: 'Temp', line: 'L1' }]);
    const match = jest.spyOn(catalogs.sensor, 'match');
    for (let i = 0; i < 5; i++) expect(r.detectorFor('sensor', 'L2', 'M1', 'Temp')).toBeNull();
    expect(match).toHaveBeenCalledTimes(1);
    expect(r.detectorFor('sensor', 'L1', 'M1', 'Temp')).not.toBeNull();
  });

  it('should bound the memory of unlisted series and still answer correctly', () => {
    const { registry: r, catalogs } = registry([{ name: 'Temp', line: 'L' }]);
    const temp = r.detectorFor('sensor', 'L', 'M', 'Temp');
    for (let i = 0; i <= 100_000; i++) r.detectorFor('sensor', `junk${i}`, 'M', 'Temp');
    const match = jest.spyOn(catalogs.sensor, 'match');
    expect(r.detectorFor('sensor', 'junk100000', 'M', 'Temp')).toBeNull();
    expect(r.detectorFor('sensor', 'junk0', 'M', 'Temp')).toBeNull();
    expect(match).toHaveBeenCalledTimes(1);
    expect(r.detectorFor('sensor', 'L', 'M', 'Temp')).toBe(temp);
  });

  it('should find only live detectors, never creating one', () => {
    const { registry: r, gauge } = registry(['Temp']);
    expect(r.find('sensor', 'L1', 'M1', 'Temp')).toBeUndefined();
    expect(r.liveDetectors()).toHaveLength(0);
    const live = r.detectorFor('sensor', 'L1', 'M1', 'Temp');
    expect(r.find('sensor', 'L1', 'M1', 'Temp')).toBe(live);
    expect(r.find('vibration', 'L1', 'M1', 'Temp')).toBeUndefined();
    expect(gauge.set).toHaveBeenLastCalledWith(1);
  });

  it('should apply an exact entry to its one series, live or not yet seen', () => {
    const { registry: r, catalogs } = registry(['Temp']);
    const live = r.detectorFor('sensor', 'L1', 'M1', 'Temp')!;
    const neighbour = r.detectorFor('sensor', 'L1', 'M2', 'Temp')!;
    live.score(1, 1);
    const params = { ...defaults, threshold: 9 };
    r.applyEntry('sensor', { name: 'Temp', line: 'L1', machine: 'M1', params });
    expect(live.params).toEqual(params);
    expect(live.snapshot().filled).toBe(1);
    expect(neighbour.params).toEqual(defaults);
    r.applyEntry('sensor', { name: 'Temp', line: 'L2', machine: 'M1', params });
    expect(r.detectorFor('sensor', 'L2', 'M1', 'Temp')?.params).toEqual(params);
    expect(catalogs.sensor.entries.map((e) => [e.line, e.machine])).toEqual([
      [undefined, undefined],
      ['L1', 'M1'],
      ['L2', 'M1'],
    ]);
  });

  it('should replace an entry with the same key rather than add one', () => {
    const { registry: r, catalogs } = registry([{ name: 'Temp', line: 'L1', machine: 'M1' }]);
    r.applyEntry('sensor', {
      name: 'Temp',
      line: 'L1',
      machine: 'M1',
      params: { ...defaults, window: 7 },
    });
    expect(catalogs.sensor.entries).toHaveLength(1);
    expect(catalogs.sensor.match('L1', 'M1', 'Temp')?.params.window).toBe(7);
  });

  it('should let a series once remembered as unmatched pick up an entry written for it', () => {
    const { registry: r } = registry([{ name: 'Temp', line: 'L1' }]);
    expect(r.detectorFor('sensor', 'L2', 'M1', 'Temp')).toBeNull();
    r.applyEntry('sensor', { name: 'Temp', line: 'L2', machine: 'M1', params: defaults });
    expect(r.detectorFor('sensor', 'L2', 'M1', 'Temp')).not.toBeNull();
  });

  describe('adopt', () => {
    const restored = (params: ZScoreParams) => {
      const d = new ZScoreDetector(params);
      for (let i = 0; i < 30; i++) d.score(10 + (i % 3), i);
      return ZScoreDetector.fromJSON(JSON.parse(JSON.stringify(d.toJSON())));
    };

    it("should take a restored detector as its series' one, with the config's parameters", () => {
      const { registry: r, gauge } = registry([{ name: 'Temp', threshold: 3 }]);
      const detector = restored({ ...defaults, threshold: 2 });
      expect(r.adopt('sensor', 'L1', 'M1', 'Temp', detector)).toBe(true);
      expect(r.detectorFor('sensor', 'L1', 'M1', 'Temp')).toBe(detector);
      expect(detector.params.threshold).toBe(3);
      expect(detector.snapshot().filled).toBe(25);
      expect(r.liveDetectors()).toHaveLength(1);
      expect(gauge.set).toHaveBeenLastCalledWith(1);
    });

    it('should leave out a series the config no longer analyses, or one already live', () => {
      const { registry: r } = registry([{ name: 'Temp', line: 'L2' }]);
      expect(r.adopt('sensor', 'L1', 'M1', 'Temp', restored(defaults))).toBe(false);
      expect(r.adopt('sensor', 'L1', 'M1', 'Other', restored(defaults))).toBe(false);
      expect(r.adopt('vibration', 'L2', 'M1', 'Temp', restored(defaults))).toBe(false);
      const live = r.detectorFor('sensor', 'L2', 'M1', 'Temp');
      expect(r.adopt('sensor', 'L2', 'M1', 'Temp', restored(defaults))).toBe(false);
      expect(r.detectorFor('sensor', 'L2', 'M1', 'Temp')).toBe(live);
      expect(r.liveDetectors()).toHaveLength(1);
    });
  });

  it('should tell change listeners and wait for them', async () => {
    const { registry: r } = registry(['Temp']);
    const seen: number[] = [];
    r.onChange(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(1);
    });
    await r.changed();
    expect(seen).toEqual([1]);
  });
});
