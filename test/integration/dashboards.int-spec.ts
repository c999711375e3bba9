import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { InfluxdServer } from '../support/influxd';
import { TimeRange, interpolate } from '../support/grafana-interpolation';
import { readEnvFile } from '../support/env-file';
import { describeWithServer } from '../support/server-binary';
import { untilForwarded } from '../support/forwarded';
import { TestApp, createTestApp, sensorFiles } from '../support/test-app';

/*
 * The Grafana dashboards are code (apps_data/grafana/dashboards): this suite checks that they are
 * wired to the provisioned datasource, and that every panel, annotation and variable query — with
 * Grafana's macros and template variables filled in as Grafana does for InfluxQL — runs on a real
 * InfluxDB 1.x that the service itself filled, and returns data.
 */

const REPO = join(__dirname, '..', '..');
const DASHBOARD_DIR = join(REPO, 'apps_data/grafana/dashboards');
const DATASOURCE_FILE = join(REPO, 'apps_data/grafana/provisioning/datasources/influxdb.yml');
const LINE_ENV_FILE = join(REPO, 'deploy/industrial_line1/industrial_line.env');

interface DsRef {
  type?: string;
  uid?: string;
}
interface Target {
  refId: string;
  datasource?: DsRef;
  rawQuery?: boolean;
  query?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: DsRef;
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  datasource?: DsRef;
  query: string;
  multi?: boolean;
  includeAll?: boolean;
  current?: { value?: string | string[] };
}
interface Annotation {
  name: string;
  builtIn?: number;
  datasource?: DsRef;
  query?: string;
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
  annotations: { list: Annotation[] };
}

const files = readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'));
const dashboards: Array<{ file: string; json: Dashboard }> = files.map((file) => ({
  file,
  json: JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as Dashboard,
}));
const datasourceUid = /^\s*uid:\s*(\S+)\s*$/m.exec(readFileSync(DATASOURCE_FILE, 'utf8'))?.[1];

const flatPanels = (panels: Panel[]): Panel[] =>
  panels.flatMap((p) => (p.type === 'row' ? flatPanels(p.panels ?? []) : [p]));
const queryPanels = (d: Dashboard) => flatPanels(d.panels).filter((p) => p.type !== 'text');
const queryAnnotations = (d: Dashboard) => d.annotations.list.filter((a) => !a.builtIn);

describe('Grafana provisioning and dashboards (static)', () => {
  it('should provision one InfluxQL datasource with a fixed uid and the Token header', () => {
    const yml = readFileSync(DATASOURCE_FILE, 'utf8');
    expect(datasourceUid).toBe('iiot-influxdb');
    expect(yml).toMatch(/^\s*type:\s*influxdb\s*$/m);
    expect(yml).toMatch(/^\s*version:\s*InfluxQL\s*$/m);
    expect(yml).toMatch(/^\s*httpHeaderName1:\s*Authorization\s*$/m);
    expect(yml).toMatch(/^\s*httpHeaderValue1:\s*Token \$\{GRAFANA_INFLUX_TOKEN\}\s*$/m);
    expect(yml).toMatch(/^\s*dbName:\s*\$\{GRAFANA_INFLUX_DB\}\s*$/m);
  });

  it('should ship the three dashboards with unique fixed uids', () => {
    expect(dashboards.map((d) => d.json.title).sort()).toEqual([
      'Line overview',
      'Sensor analytics',
      'Vibration',
    ]);
    const uids = dashboards.map((d) => d.json.uid);
    expect(new Set(uids).size).toBe(uids.length);
    uids.forEach((uid) => expect(uid).toMatch(/^iiot-[a-z-]+$/));
  });

  it.each(files)('%s should use the provisioned datasource everywhere', (file) => {
    const d = dashboards.find((x) => x.file === file)!.json;
    const refs: Array<[string, DsRef | undefined]> = [];
    for (const p of queryPanels(d)) {
      refs.push([`panel "${p.title}"`, p.datasource]);
      expect(p.targets?.length).toBeGreaterThan(0);
      for (const t of p.targets ?? []) refs.push([`panel "${p.title}" ${t.refId}`, t.datasource]);
    }
    for (const v of d.templating.list.filter((x) => x.type === 'query'))
      refs.push([`variable ${v.name}`, v.datasource]);
    for (const a of queryAnnotations(d)) refs.push([`annotation ${a.name}`, a.datasource]);
    expect(refs.length).toBeGreaterThan(5);
    expect(
      refs.filter(([, ref]) => ref?.uid !== datasourceUid || ref?.type !== 'influxdb'),
    ).toEqual([]);
    // An exported dashboard's "${DS_...}" input placeholder would not resolve when provisioned.
    expect(JSON.stringify(d)).not.toMatch(/\$\{DS_/);
  });

  it.each(files)('%s should use raw InfluxQL, chained variables and time grouping', (file) => {
    const d = dashboards.find((x) => x.file === file)!.json;
    for (const p of queryPanels(d)) {
      for (const t of p.targets ?? []) {
        expect([p.title, t.rawQuery, typeof t.query]).toEqual([p.title, true, 'string']);
        expect(t.query).not.toContain('[['); // deprecated variable syntax
        // Time-series panels may show dense (1 kHz) data: aggregate per interval, never raw points.
        if (['timeseries', 'state-timeline'].includes(p.type))
          expect(t.query).toContain('GROUP BY time($__interval)');
      }
    }
    const names = d.templating.list.map((v) => v.name);
    expect(names.slice(0, 3)).toEqual(['line', 'machine', 'sensor']);
    const [line, machine, sensor] = d.templating.list;
    expect(line.query).toMatch(/^SHOW TAG VALUES .*WITH KEY = "line_name"$/);
    expect(machine.query).toMatch(/WITH KEY = "machine_name" WHERE "line_name" =~ \/\^\$line\$\/$/);
    expect(sensor.query).toMatch(
      /WITH KEY = "sensor_name" WHERE .*"machine_name" =~ \/\^\$machine\$\/$/,
    );
  });
});

// ---- Data, sent through the service's legacy routes -----------------------------------------------

const DB = 'plant';
const LINE = 'Line1';
const PRESS = 'Press 1 (A/B)'; // regex characters and a slash: the escaping has to work
const ROBOT = 'Robot 2'; // stops sending 10 minutes before the end: stale
const EXTRUDER = 'Extruder 9'; // on Line2 only
const END = Date.now() - 20_000;

function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}

type Body = Record<string, unknown>;
interface Series {
  route: '/generic-state' | '/generic-sensor' | '/vibration-sensor';
  bodies: Body[];
}

/** Samples every `stepMs` from `first` to `last` (ms before END), oldest first. */
function times(firstAgoMs: number, lastAgoMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let ago = firstAgoMs; ago >= lastAgoMs; ago -= stepMs) out.push(END - ago);
  return out;
}
const MIN = 60_000;
/** Spikes far outside the noise: the detectors (W = 25, T = 2) flag them once warmed up. */
const spike = (i: number, n: number) => i % 40 === 30 || i === n - 3;

function sensor(line: string, machine: string, name: string, ts: number[], base: number): Series {
  const n = noise(ts.length + base);
  return {
    route: '/generic-sensor',
    bodies: ts.map((t, i) => ({
      LineName: line,
      MachineName: machine,
      SensorName: name,
      SensorValue: base + n() + (spike(i, ts.length) ? 10 : 0),
      TimeStamp: t,
    })),
  };
}
function vibration(machine: string, name: string, ts: number[]): Series {
  const n = noise(ts.length * 7);
  return {
    route: '/vibration-sensor',
    bodies: ts.map((t, i) => {
      const k = spike(i, ts.length) ? 3 : 1;
      return {
        LineName: LINE,
        MachineName: machine,
        SensorName: name,
        VibAccelTotRmsX: k * (0.3 + n() / 50),
        VibAccelTotRmsY: k * (0.4 + n() / 50),
        VibAccelTotRmsZ: k * (1.2 + n() / 50),
        TimeStamp: t,
      };
    }),
  };
}
function states(line: string, machine: string, name: string, ts: number[]): Series {
  return {
    route: '/generic-state',
    bodies: ts.map((t, i) => ({
      LineName: line,
      MachineName: machine,
      StateName: name,
      StateValue: name === 'Running' ? Math.floor(i / 4) % 2 === 0 : (i % 3) + 1,
      TimeStamp: t,
    })),
  };
}

const pressTemp = times(30 * MIN, 0, 5000);
const DATA: Series[] = [
  sensor(LINE, PRESS, 'Temp', pressTemp, 50),
  vibration(PRESS, 'Spindle', pressTemp),
  vibration(PRESS, 'Motor', times(30 * MIN, 0, 30_000)),
  sensor(LINE, PRESS, 'Oil', times(30 * MIN, 0, 30_000), 80),
  states(LINE, PRESS, 'Running', times(30 * MIN, 0, 30_000)),
  states(LINE, PRESS, 'Mode', times(30 * MIN, 0, 30_000)),
  sensor(LINE, ROBOT, 'Temp', times(40 * MIN, 10 * MIN, 12_000), 30),
  states(LINE, ROBOT, 'Running', times(40 * MIN, 10 * MIN, 60_000)),
  sensor('Line2', EXTRUDER, 'Temp', times(30 * MIN, 0, 30_000), 200),
  states('Line2', EXTRUDER, 'Running', times(30 * MIN, 0, 60_000)),
];
/** The Press Temp samples that are spikes (scored: past the 25-sample warm-up). */
// Spikes after the model's warm-up (W samples, from the line's env file) are flagged.
const WINDOW = Number(readEnvFile(LINE_ENV_FILE).MODEL_WINDOW_SIZE);
const PRESS_SPIKES = pressTemp.filter((_, i) => i >= WINDOW && spike(i, pressTemp.length));

// ---- Scenarios: variable selections and time ranges a viewer would use --------------------------

interface Scenario {
  name: string;
  range: TimeRange;
  /** Values chosen per variable; a variable not listed takes all its values ("All"). */
  pick: Record<string, Record<string, string[]>>;
}
const SCENARIOS: Scenario[] = [
  {
    name: 'Line1, all machines and sensors, last hour (relative time filter)',
    range: { from: 'now-1h', to: 'now', spanMs: 60 * MIN },
    pick: {},
  },
  {
    name: `one machine "${PRESS}", absolute 45-minute range`,
    range: { from: END - 45 * MIN, to: END + 10_000, spanMs: 45 * MIN + 10_000 },
    pick: {
      'Line overview': { machine: [PRESS], sensor: ['Spindle', 'Temp'] },
      'Sensor analytics': { machine: [PRESS], sensor: ['Temp'] },
      Vibration: { machine: [PRESS], sensor: ['Spindle'] },
    },
  },
  {
    // Absolute, around the data's end, so that a slow ingestion cannot move the data out of range.
    name: 'zoomed to the 2 minutes before the data ends (millisecond interval)',
    range: { from: END - 2 * MIN, to: END + 10_000, spanMs: 2 * MIN + 10_000 },
    pick: {},
  },
];

describeWithServer(
  'influxd',
  'influxdb',
  'Dashboard queries on InfluxDB 1.x filled by the service',
  () => {
    const influx = new InfluxdServer();
    let t: TestApp;
    let queriesRun = 0;
    const run = async (q: string) => {
      queriesRun++;
      return influx.query(q, DB);
    };

    beforeAll(async () => {
      await influx.start();
      // The line stack's env file, old variable names and all, pointed at this InfluxDB.
      const env: Record<string, string> = {
        ...readEnvFile(LINE_ENV_FILE),
        INFLUX_HOST: '127.0.0.1',
        INFLUX_PORT: String(influx.httpPort),
        INFLUX_BUCKET_NAME: DB,
      };
      const ingestKey = /(?:^|,)ingest:([^,]+)/.exec(env.API_KEYS ?? '')?.[1] ?? '';
      t = await createTestApp(env, { files: sensorFiles(['Temp'], ['Spindle']) });
      // One request in flight per series (as a PLC function block), the series concurrently.
      await Promise.all(
        DATA.map(async (s) => {
          for (const body of s.bodies) {
            const res = await request(t.server() as App)
              .post(s.route)
              .set('X-API-Key', ingestKey)
              .send(body);
            if (res.status !== 200) throw new Error(`${s.route} ${res.status}: ${res.text}`);
          }
        }),
      );
      await untilForwarded(t.server() as App);
    }, 180_000);
    afterAll(async () => {
      await t?.close();
      await influx.destroy();
    });

    /** Runs the variable queries in order, each with the selections before it filled in. */
    async function selectVariables(d: Dashboard, s: Scenario): Promise<Map<string, string[]>> {
      const vars = new Map<string, string[]>([['line', [LINE]]]);
      for (const v of d.templating.list) {
        if (v.type === 'custom') {
          vars.set(v.name, [String(v.current?.value)]);
          continue;
        }
        const series = await run(interpolate(v.query, vars));
        // One series per measurement: the same value may come several times (Grafana dedups too).
        const options = [
          ...new Set(series.flatMap((x) => x.values.map((row) => String(row[1])))),
        ].sort();
        expect([v.name, options.length > 0]).toEqual([v.name, true]);
        if (v.name === 'line') {
          expect(options).toEqual(expect.arrayContaining([LINE]));
          continue; // single-valued: Line1
        }
        expect(options).not.toContain(EXTRUDER); // the line filter works
        const chosen = s.pick[d.title]?.[v.name];
        if (chosen) expect(options).toEqual(expect.arrayContaining(chosen));
        vars.set(v.name, chosen ?? options);
      }
      return vars;
    }

    /** Every panel target and annotation, interpolated for the scenario. */
    function queriesOf(d: Dashboard, vars: Map<string, string[]>, s: Scenario) {
      const panelQueries = queryPanels(d).flatMap((p) =>
        (p.targets ?? []).map((tg) => ({
          what: `panel "${p.title}" ${tg.refId}`,
          q: interpolate(tg.query!, vars, s.range),
        })),
      );
      // Annotation queries get $timeFilter and variables, not $__interval (Grafana's own rule).
      const annotationQueries = queryAnnotations(d).map((a) => ({
        what: `annotation "${a.name}"`,
        q: interpolate(a.query!, vars, s.range, false),
      }));
      return [...panelQueries, ...annotationQueries];
    }

    for (const { json: d } of dashboards) {
      for (const s of SCENARIOS) {
        it(`${d.title} — ${s.name}: every query returns rows with data in every column`, async () => {
          const vars = await selectVariables(d, s);
          const queries = queriesOf(d, vars, s);
          expect(queries.length).toBeGreaterThanOrEqual(4);
          for (const { what, q } of queries) {
            expect(q).not.toMatch(/\$\w/); // nothing left uninterpolated
            const series = await run(q);
            const rows = series.reduce((n, x) => n + x.values.length, 0);
            expect([what, q, rows > 0]).toEqual([what, q, true]);
            // Each selected column has a value somewhere (a misspelt field would be all null).
            const empty = series[0].columns.filter(
              (c, i) => !series.some((x) => x.values.some((row) => row[i] !== null)),
            );
            expect([what, q, empty]).toEqual([what, q, []]);
          }
        }, 60_000);
      }
    }

    it('should escape regex characters in tag values the way Grafana does, and still match', async () => {
      const d = dashboards.find((x) => x.json.title === 'Sensor analytics')!.json;
      const vars = await selectVariables(d, SCENARIOS[1]);
      const [q] = queriesOf(d, vars, SCENARIOS[1]);
      expect(q.q).toContain('"machine_name" =~ /^Press 1 \\(A\\/B\\)$/');
      const series = await run(q.q);
      expect(series.map((x) => x.tags?.machine_name)).toEqual([PRESS]);
    });

    it('should list the machine that stopped sending as stale and the others not', async () => {
      const d = dashboards.find((x) => x.json.title === 'Line overview')!.json;
      const panel = queryPanels(d).find((p) => p.title.startsWith('Stale machines'))!;
      const vars = await selectVariables(d, SCENARIOS[0]);
      const machines = async (refId: string) => {
        const q = interpolate(
          panel.targets!.find((x) => x.refId === refId)!.query!,
          vars,
          SCENARIOS[0].range,
        );
        return [...new Set((await run(q)).map((x) => x.tags?.machine_name))].sort();
      };
      // Seen in the time range (A), but nothing within $stale_after (B): the panel shows A minus B.
      expect(await machines('A')).toEqual([PRESS, ROBOT]);
      expect(await machines('B')).toEqual([PRESS]);
    });

    it('should mark the injected spikes as anomalies in the annotation query', async () => {
      const d = dashboards.find((x) => x.json.title === 'Sensor analytics')!.json;
      const vars = await selectVariables(d, SCENARIOS[1]);
      const annotation = queriesOf(d, vars, SCENARIOS[1]).find((x) =>
        x.what.startsWith('annotation'),
      )!;
      const [series] = await run(annotation.q);
      const times = series.values.map((row) => row[0] as number);
      expect(times).toEqual(expect.arrayContaining(PRESS_SPIKES));
      expect(PRESS_SPIKES.length).toBeGreaterThanOrEqual(8);
    });

    it('should draw each ended run of anomalies as a region, the spikes inside', async () => {
      const d = dashboards.find((x) => x.json.title === 'Sensor analytics')!.json;
      const events = d.annotations.list.find((a) => a.name === 'Anomaly events')!;
      expect(events).toMatchObject({ timeEndColumn: 'end', textColumn: 'peak_z' });
      const vars = await selectVariables(d, SCENARIOS[1]);
      const annotation = queriesOf(d, vars, SCENARIOS[1]).find(
        (x) => x.what === 'annotation "Anomaly events"',
      )!;
      const [series] = await run(annotation.q);
      const end = series.columns.indexOf('end');
      const regions = series.values.map((row) => [row[0] as number, row[end] as number]);
      expect(regions.every(([from, to]) => to >= from)).toBe(true);
      for (const spike of PRESS_SPIKES) {
        expect(regions.some(([from, to]) => from <= spike && spike <= to)).toBe(true);
      }
    });

    it('should have run every variable, panel and annotation query of every dashboard', () => {
      const perScenario = dashboards.reduce(
        (n, { json: d }) =>
          n +
          d.templating.list.filter((v) => v.type === 'query').length +
          queryPanels(d).reduce((m, p) => m + (p.targets?.length ?? 0), 0) +
          queryAnnotations(d).length,
        0,
      );
      expect(perScenario).toBeGreaterThanOrEqual(25);
      expect(queriesRun).toBeGreaterThanOrEqual(perScenario * SCENARIOS.length);
    });
  },
);
