import { SensorCatalog, SensorConfigError, parseSensorConfig, specificity } from './sensor-config';
import type { ZScoreParams } from './z-score.params';

const defaults: ZScoreParams = {
  window: 25,
  threshold: 2,
  ratioWindow: 25,
  rebaselineAfter: 0,
  minStd: 0.001,
};
const FILE = '/data/config/analytics_generic_sensors.json';
const parse = (doc: unknown) => parseSensorConfig(JSON.stringify(doc), FILE, defaults);

function parseError(text: string): string {
  try {
    parseSensorConfig(text, FILE, defaults);
  } catch (err) {
    expect(err).toBeInstanceOf(SensorConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a SensorConfigError');
}

describe(parseSensorConfig.name, () => {
  it('should read the old {"sensors": [names]} format with the default parameters', () => {
    expect(parse({ sensors: ['Temp', 'Oil,Temp'] })).toEqual([
      { name: 'Temp', params: defaults },
      { name: 'Oil,Temp', params: defaults },
    ]);
  });

  it('should read objects mixed with names, filling unspecified parameters from the defaults', () => {
    const entries = parse({
      sensors: [
        'Temp',
        { name: 'Pressure', line: 'Line1', machine: 'Press 1', window: 50, rebaselineAfter: 5 },
        { name: 'Speed', machine: 'Press 2', threshold: 3, ratioWindow: 100, minStd: 0.01 },
      ],
    });
    expect(entries).toEqual([
      { name: 'Temp', params: defaults },
      {
        name: 'Pressure',
        line: 'Line1',
        machine: 'Press 1',
        params: { ...defaults, window: 50, rebaselineAfter: 5 },
      },
      {
        name: 'Speed',
        machine: 'Press 2',
        params: { ...defaults, threshold: 3, ratioWindow: 100, minStd: 0.01 },
      },
    ]);
  });

  it('should accept a bare array of entries', () => {
    expect(parse(['Temp', { name: 'Vib', line: 'L2' }])).toEqual([
      { name: 'Temp', params: defaults },
      { name: 'Vib', line: 'L2', params: defaults },
    ]);
  });

  it('should accept an empty list, a byte-order mark and $-prefixed note keys', () => {
    expect(parse({ sensors: [] })).toEqual([]);
    const text = '\uFEFF{"$comment": "x", "sensors": [{"name": "Temp", "$note": "oil"}]}';
    expect(parseSensorConfig(text, FILE, defaults)).toEqual([{ name: 'Temp', params: defaults }]);
  });

  it('should name the file when the JSON is broken', () => {
    expect(parseError('{"sensors": ["Temp",]}')).toMatch(
      /^\/data\/config\/.*\.json: not valid JSON/,
    );
  });

  it.each([['{"sensor": ["Temp"]}'], ['"Temp"'], ['null'], ['{"sensors": "Temp"}']])(
    'should refuse a document of the wrong shape: %s',
    (text) => {
      expect(parseError(text)).toContain(`${FILE}: expected {"sensors": [...]}`);
    },
  );

  it.each<[unknown, RegExp]>([
    [42, /must be a sensor name or an object/],
    [null, /must be a sensor name or an object/],
    ['', /name must have 1 to 128 characters/],
    ['x'.repeat(129), /name must have 1 to 128 characters/],
    ['Temp\n', /control characters/],
    ['Temp\\', /backslash/],
    [{ line: 'L1' }, /name must be a string/],
    [{ name: 'T', line: 7 }, /line must be a string/],
    [{ name: 'T', machine: '' }, /machine must have 1 to 128/],
    [{ name: 'T', treshold: 3 }, /unknown key\(s\) treshold/],
    [{ name: 'T', window: '25' }, /window must be a number/],
    [{ name: 'T', window: 1 }, /window must be an integer from 2/],
    [{ name: 'T', threshold: 0 }, /threshold must be a finite number > 0/],
    [{ name: 'T', ratioWindow: 0.5 }, /ratioWindow must be an integer from 1/],
    [{ name: 'T', rebaselineAfter: -1 }, /rebaselineAfter must be an integer from 0/],
    [{ name: 'T', minStd: 0 }, /minStd must be a finite number > 0/],
  ])('should refuse the entry %j, naming the file and its index', (entry, message) => {
    const error = parseError(JSON.stringify({ sensors: ['Temp', entry] }));
    expect(error).toContain(FILE);
    expect(error).toMatch(/sensors\[1\]: /);
    expect(error).toMatch(message);
  });

  it('should list every bad entry at once, by index ([i] for a bare array)', () => {
    const error = parseError(JSON.stringify(['Temp', 3, 'Temp2', { name: 'X', window: 0 }]));
    expect(error).toMatch(/\[1\]: must be a sensor name/);
    expect(error).toMatch(/\[3\]: window must be/);
    expect(error).not.toMatch(/\[0\]|\[2\]/);
  });

  it('should refuse two entries for the same sensor, line and machine', () => {
    const error = parseError(
      JSON.stringify({
        sensors: ['Temp', { name: 'Temp', line: 'L1' }, { name: 'Temp', window: 30 }],
      }),
    );
    expect(error).toContain('sensors[2]: lists the same sensor, line and machine as sensors[0]');
  });
});

describe(SensorCatalog.name, () => {
  const catalog = new SensorCatalog(
    'sensor',
    FILE,
    parse({
      sensors: [
        { name: 'Temp', window: 10 },
        { name: 'Temp', line: 'L1', window: 11 },
        { name: 'Temp', machine: 'M1', window: 12 },
        { name: 'Temp', line: 'L1', machine: 'M1', window: 13 },
        'Pressure',
      ],
    }),
  );
  const windowOf = (line: string, machine: string, sensor: string) =>
    catalog.match(line, machine, sensor)?.params.window;

  it('should let the most specific entry win: line+machine > machine > line > name', () => {
    expect(windowOf('L1', 'M1', 'Temp')).toBe(13);
    expect(windowOf('L2', 'M1', 'Temp')).toBe(12);
    expect(windowOf('L1', 'M2', 'Temp')).toBe(11);
    expect(windowOf('L2', 'M2', 'Temp')).toBe(10);
  });

  it('should not depend on the order of the file', () => {
    const reversed = new SensorCatalog('sensor', FILE, [...catalog.entries].reverse());
    expect(reversed.match('L1', 'M1', 'Temp')?.params.window).toBe(13);
    expect(reversed.match('L2', 'M1', 'Temp')?.params.window).toBe(12);
  });

  it('should match names exactly and answer undefined for an unlisted sensor', () => {
    expect(catalog.match('L1', 'M1', 'Pressure')?.name).toBe('Pressure');
    expect(catalog.match('L1', 'M1', 'temp')).toBeUndefined();
    expect(catalog.match('L1', 'M1', 'Oil,Temp')).toBeUndefined();
  });

  it('should not match an entry scoped to another line or machine', () => {
    const scoped = new SensorCatalog('sensor', FILE, parse([{ name: 'T', line: 'L1' }]));
    expect(scoped.match('L2', 'M1', 'T')).toBeUndefined();
    expect(scoped.match('L1', 'M1', 'T')?.line).toBe('L1');
  });

  it('should rank specificity as documented', () => {
    expect(specificity({ line: 'a', machine: 'b' })).toBeGreaterThan(specificity({ machine: 'b' }));
    expect(specificity({ machine: 'b' })).toBeGreaterThan(specificity({ line: 'a' }));
    expect(specificity({ line: 'a' })).toBeGreaterThan(specificity({}));
  });
});
