import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readEnvFile } from '../support/env-file';
import { describeWithServer } from '../support/server-binary';

/*
 * The deployment as code (deploy/, apps_data/grafana, docs/deployment.md). No Docker engine runs
 * here, so: the compose files are validated by Debian's docker-compose 1.29 (`config`), the start
 * and stop scripts run against a stub `docker`, and the env files, Dockerfile and docs are read.
 */

const REPO = resolve(__dirname, '..', '..');
const DEPLOY = join(REPO, 'deploy');
const STACKS: Record<string, string[]> = {
  global: ['grafana', 'influxdb', 'portainer'],
  industrial_line1: ['industrial_line1'],
  industrial_line2: ['industrial_line2'],
  'reverse-proxy': ['reverse-proxy'],
};

const influxEnv = readEnvFile(join(DEPLOY, 'global/influxdb.env'));
const grafanaEnv = readEnvFile(join(DEPLOY, 'global/grafana.env'));
const lineEnvs = ['industrial_line1', 'industrial_line2'].map((l) => ({
  line: l,
  text: readFileSync(join(DEPLOY, l, 'industrial_line.env'), 'utf8'),
  env: readEnvFile(join(DEPLOY, l, 'industrial_line.env')),
}));

/** "- ../../apps_data/x:/target" bind mounts of every compose file: created by compose_start.sh. */
const bindMountSources = Object.keys(STACKS).flatMap((stack) =>
  [
    ...readFileSync(join(DEPLOY, stack, 'docker-compose.yml'), 'utf8').matchAll(
      /^\s*-\s*\.\.\/\.\.\/(apps_data\/[^:]+):/gm,
    ),
  ].map((m) => m[1]),
);

describe('Deployment env files', () => {
  it('should initialise InfluxDB 2.7 from DOCKER_INFLUXDB_INIT_* with example secrets only', () => {
    expect(influxEnv).toMatchObject({
      DOCKER_INFLUXDB_INIT_MODE: 'setup',
      DOCKER_INFLUXDB_INIT_USERNAME: expect.any(String),
      DOCKER_INFLUXDB_INIT_ORG: expect.stringMatching(/.+/),
      DOCKER_INFLUXDB_INIT_BUCKET: expect.stringMatching(/.+/),
      DOCKER_INFLUXDB_INIT_RETENTION: expect.stringMatching(/^(0|\d+(ns|us|ms|s|m|h|d|w))$/),
    });
    const secrets = [
      influxEnv.DOCKER_INFLUXDB_INIT_PASSWORD,
      influxEnv.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN,
      grafanaEnv.GF_SECURITY_ADMIN_PASSWORD,
      grafanaEnv.GRAFANA_INFLUX_TOKEN,
      ...lineEnvs.flatMap(({ env }) => [env.INFLUX_TOKEN, ...env.API_KEYS.split(',')]),
    ];
    expect(secrets.filter((s) => !/CHANGE-ME/.test(s ?? ''))).toEqual([]);
  });

  it.each(lineEnvs)(
    '$line should use the old variable names and point at the global stack',
    (l) => {
      for (const old of [
        'INFLUX_HOST',
        'INFLUX_PORT',
        'INFLUX_BUCKET_NAME',
        'INFLUX_ORG',
        'INFLUX_TOKEN',
      ])
        expect([old, l.env[old]]).toEqual([old, expect.stringMatching(/.+/)]);
      for (const old of [
        'Z_SCORE_THRESHOLD',
        'MODEL_WINDOW_SIZE',
        'ANOMALY_LIST_SIZE',
        'FLASK_PORT',
      ])
        expect(Object.keys(l.env)).toContain(old);
      expect(Object.keys(l.env)).not.toContain('INFLUX_URL');
      expect(l.env.INFLUX_HOST).toBe('influxdb'); // global's service name on the "iiot" network
      expect(l.env.INFLUX_PORT).toBe('8086');
      expect(l.env.INFLUX_ORG).toBe(influxEnv.DOCKER_INFLUXDB_INIT_ORG);
      expect(l.env.INFLUX_BUCKET_NAME).toBe(influxEnv.DOCKER_INFLUXDB_INIT_BUCKET);
      // The same placeholder everywhere, so replacing it in all files keeps the example consistent.
      expect(l.env.INFLUX_TOKEN).toBe(influxEnv.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN);
      expect(l.env.API_KEYS).toMatch(/^ingest:[^,]+(,(mes|admin|ingest):[^,]+)*$/);
      expect(l.text).toMatch(/^# AUTH_DISABLED=true$/m);
    },
  );

  it("should give Grafana's datasource the bucket and token InfluxDB is set up with", () => {
    expect(grafanaEnv.GRAFANA_INFLUX_URL).toBe('http://influxdb:8086');
    expect(grafanaEnv.GRAFANA_INFLUX_DB).toBe(influxEnv.DOCKER_INFLUXDB_INIT_BUCKET);
    expect(grafanaEnv.GRAFANA_INFLUX_TOKEN).toBe(influxEnv.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN);
    const datasource = readFileSync(
      join(REPO, 'apps_data/grafana/provisioning/datasources/influxdb.yml'),
      'utf8',
    );
    const used = [...datasource.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(used).toEqual(['GRAFANA_INFLUX_DB', 'GRAFANA_INFLUX_TOKEN', 'GRAFANA_INFLUX_URL']);
  });
});

describe('Service image (deploy/Dockerfile)', () => {
  const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  it('should build with the README and CI commands in a multi-stage build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(readFileSync(join(REPO, '.ci/run'), 'utf8')).toMatch(/^npm ci\b/m);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe('node dist/main.js');
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  });

  it('should run with production dependencies only, as a non-root user, with a liveness check', () => {
    const deps = stages.find((st) => /^RUN npm ci --omit=dev\b/m.test(st));
    const depsName = /^\S+ AS (\S+)/.exec(deps ?? '')?.[1];
    expect(depsName).toBeDefined();
    // node_modules only from the production-dependencies stage; nothing else installs packages.
    expect(runtime.match(/^COPY --from=\S+ \S*node_modules\b.*$/gm)).toEqual([
      `COPY --from=${depsName} /app/node_modules ./node_modules`,
    ]);
    expect(runtime).not.toMatch(/^RUN npm (ci|install)/m);
    expect(runtime).toMatch(/^USER (node|\d{3,})$/m);
    // The instruction with its continuation lines; the slim node image has node but no curl.
    const healthcheck = /^HEALTHCHECK (?:.*\\\n)*.*$/m.exec(runtime)?.[0] ?? '';
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/health\/live/);
    expect(healthcheck).not.toMatch(/curl|wget/);
  });

  it('should keep the build context small and free of local secrets and data', () => {
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'apps_data', '.env']));
  });
});

/** Whether a repository path exists; `*` in a segment matches any characters (at least one match). */
function existsGlob(path: string): boolean {
  const walk = (dir: string, segments: string[]): boolean => {
    if (segments.length === 0) return existsSync(dir);
    const [head, ...rest] = segments;
    if (!head.includes('*')) return walk(join(dir, head), rest);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
    const re = new RegExp(
      `^${head
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return readdirSync(dir).some((entry) => re.test(entry) && walk(join(dir, entry), rest));
  };
  return walk(REPO, path.split('/'));
}

describe('docs/deployment.md', () => {
  const doc = readFileSync(join(REPO, 'docs/deployment.md'), 'utf8');

  it('should only name files that exist (or that compose_start.sh creates as bind mounts)', () => {
    const named = [
      ...[...doc.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]),
      ...[...doc.matchAll(/\]\(((?!https?:|#)[^)\s#]+)/g)].map((m) =>
        resolve(join(REPO, 'docs'), m[1]).slice(REPO.length + 1),
      ),
    ]
      .map((p) => p.replace(/^\.\//, '').replace(/\/$/, ''))
      .filter((p) =>
        /^(deploy|apps_data|docs|test|src|\.ci)\/|^(\.env\.example|\.dockerignore|README\.md)$/.test(
          p,
        ),
      );
    expect(named.length).toBeGreaterThan(15);
    const missing = named
      .filter((p) => !existsGlob(p))
      .filter((p) => !bindMountSources.some((src) => p === src || p.startsWith(`${src}/`)));
    expect(missing).toEqual([]);
  });

  it('should cover what an operator needs', () => {
    for (const topic of [
      /tokens? and keys/i,
      /TLS/,
      /second line/i,
      /retention/i,
      /upgrad/i,
      /backup/i,
      /restore/i,
      /InfluxDB 1\.x/,
      /InfluxDB 2\.x/,
      /InfluxDB 3/,
    ])
      expect([String(topic), topic.test(doc)]).toEqual([String(topic), true]);
  });
});

describe('compose_start.sh and compose_stop.sh (against a stub docker)', () => {
  let dir: string;
  let log: string;
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync('bash', [join(dir, 'deploy', script), ...args], {
      encoding: 'utf8',
      env: {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        STUB_LOG: log,
        HEALTH_TIMEOUT_S: '5',
        ...env,
      },
    });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-'));
    log = join(dir, 'calls.log');
    cpSync(DEPLOY, join(dir, 'deploy'), { recursive: true });
    mkdirSync(join(dir, 'bin'));
    // No compose v2 plugin: the scripts must fall back to docker-compose; every container is healthy.
    writeFileSync(
      join(dir, 'bin/docker'),
      '#!/bin/sh\necho "docker $*" >> "$STUB_LOG"\ncase "$1" in\n  compose) exit 1 ;;\n' +
        '  inspect) case "$*" in *.Name*) echo /c1 ;; *) echo healthy ;; esac ;;\nesac\n',
    );
    writeFileSync(
      join(dir, 'bin/docker-compose'),
      '#!/bin/sh\necho "docker-compose $*" >> "$STUB_LOG"\ncase "$*" in *" ps -q") echo c1 ;; esac\n',
    );
    chmodSync(join(dir, 'bin/docker'), 0o755);
    chmodSync(join(dir, 'bin/docker-compose'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should refuse to start while an env file holds an example secret', () => {
    const res = run('compose_start.sh', ['global']);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/CHANGE-ME/);
    expect(res.stderr).toMatch(/influxdb\.env/);
    expect(calls().filter((c) => c.includes(' up '))).toEqual([]);
  });

  it('should start global then line 1 by default, creating the bind-mounted directories', () => {
    const res = run('compose_start.sh', [], { ALLOW_EXAMPLE_SECRETS: '1' });
    expect([res.status, res.stderr]).toEqual([
      0,
      expect.stringMatching(/WARNING: example secrets/),
    ]);
    const ups = calls().filter((c) => c.includes(' up '));
    expect(ups).toEqual([
      `docker-compose -p global -f ${dir}/deploy/global/docker-compose.yml up -d --build --remove-orphans`,
      `docker-compose -p industrial_line1 -f ${dir}/deploy/industrial_line1/docker-compose.yml up -d --build --remove-orphans`,
    ]);
    for (const d of [
      'influxdb/data',
      'influxdb/config',
      'grafana/data',
      'portainer',
      'http_server',
    ])
      expect([d, existsSync(join(dir, 'apps_data', d))]).toEqual([d, true]);
    if (process.getuid?.() === 0) {
      expect(statSync(join(dir, 'apps_data/grafana/data')).uid).toBe(472);
      expect(statSync(join(dir, 'apps_data/http_server')).uid).toBe(1000);
    }
  });

  it('should start without the override once the secrets are replaced', () => {
    for (const f of ['global/influxdb.env', 'global/grafana.env']) {
      const p = join(dir, 'deploy', f);
      writeFileSync(p, readFileSync(p, 'utf8').replace(/CHANGE-ME[\w-]*/g, 's3cret'));
    }
    const res = run('compose_start.sh', ['global']);
    expect([res.status, res.stderr]).toEqual([0, '']);
    expect(calls().filter((c) => c.includes(' up ')).length).toBe(1);
  });

  it('should stop the line and proxy stacks before global', () => {
    const res = run('compose_stop.sh', []);
    expect(res.status).toBe(0);
    const downs = calls()
      .map((c) => /-p (\S+) .* down$/.exec(c)?.[1])
      .filter(Boolean);
    expect(downs.slice(-1)).toEqual(['global']);
    expect([...downs].sort()).toEqual(Object.keys(STACKS).sort());
  });
});

describeWithServer(
  'docker-compose',
  'docker-compose',
  'Compose files (docker-compose 1.29 config)',
  () => {
    const config = (stack: string, ...args: string[]) =>
      spawnSync(
        'docker-compose',
        ['-f', join(DEPLOY, stack, 'docker-compose.yml'), 'config', ...args],
        {
          encoding: 'utf8',
          // Only what compose needs: no stray variable from the caller's shell may fill a ${...}.
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
        },
      );

    /** The lines of one service in `config`'s normalised YAML (2-space indented, as both 1.29 and v2 print). */
    function serviceBlock(yaml: string, name: string): string {
      const lines = yaml.split('\n');
      const start = lines.indexOf(`  ${name}:`, lines.indexOf('services:'));
      const end = lines.findIndex((l, i) => i > start && /^ {0,2}\S/.test(l));
      return lines.slice(start, end === -1 ? undefined : end).join('\n');
    }

    it('should find every stack under deploy/', () => {
      const stacks = readdirSync(DEPLOY).filter((d) =>
        existsSync(join(DEPLOY, d, 'docker-compose.yml')),
      );
      expect(stacks.sort()).toEqual(Object.keys(STACKS).sort());
    });

    it.each(Object.keys(STACKS))('%s should validate without warnings', (stack) => {
      const res = config(stack);
      expect([res.status, res.stderr]).toEqual([0, '']);
      const services = config(stack, '--services');
      expect(services.stdout.trim().split('\n').sort()).toEqual(STACKS[stack]);
    });

    it.each(Object.keys(STACKS))(
      '%s should restart, health-check and join the network "iiot"',
      (stack) => {
        const yaml = config(stack).stdout;
        for (const service of STACKS[stack]) {
          const block = serviceBlock(yaml, service);
          expect([service, block]).toEqual([
            service,
            expect.stringMatching(/\n {4}restart: unless-stopped\n/),
          ]);
          expect([service, block]).toEqual([
            service,
            expect.stringMatching(/\n {4}networks:\n {6}iiot:/),
          ]);
          const healthcheck = /\n {4}healthcheck:\n/.test(block);
          if (/\n {4}build:\n/.test(block)) {
            // The service image brings its own HEALTHCHECK (deploy/Dockerfile, checked above).
            expect(block).toMatch(/dockerfile: deploy\/Dockerfile/);
          } else if (service === 'portainer') {
            expect(healthcheck).toBe(false); // FROM scratch, nothing to probe with (see the compose file)
          } else {
            expect([service, healthcheck]).toEqual([service, true]);
          }
        }
        const network = /^networks:\n(?: .*\n)*/m.exec(yaml)?.[0] ?? '';
        expect(network).toMatch(/\n {2}iiot:\n( {4}.*\n)*? {4}name: iiot\n/);
        expect(/\n {4}external: true\n/.test(network)).toBe(stack !== 'global');
      },
    );

    /** [host source, container target] of every bind mount: 1.29 prints "- /src:/target:rw", v2 source/target keys. */
    function bindMounts(stack: string): string[][] {
      const yaml = config(stack).stdout;
      return [
        ...[...yaml.matchAll(/^\s*- (\/[^:\s]+):(\/[^:\s]+)(?::\w+)?$/gm)].map((m) => [m[1], m[2]]),
        ...[...yaml.matchAll(/source: (\/\S+)\n\s+target: (\S+)\n/g)].map((m) => [m[1], m[2]]),
      ];
    }

    it('should bind-mount each line its own DATA_DIR and global its apps_data directories', () => {
      expect(bindMounts('industrial_line1')).toEqual([
        [join(REPO, 'apps_data/http_server'), '/data'],
      ]);
      expect(bindMounts('industrial_line2')).toEqual([
        [join(REPO, 'apps_data/http_server_line2'), '/data'],
      ]);
      expect(
        bindMounts('global')
          .map(([src]) => src)
          .sort(),
      ).toEqual(
        [
          '/var/run/docker.sock',
          ...[
            'grafana/dashboards',
            'grafana/data',
            'grafana/provisioning',
            'influxdb/config',
            'influxdb/data',
            'portainer',
          ].map((d) => join(REPO, 'apps_data', d)),
        ].sort(),
      );
    });

    it("should mount Grafana's dashboards where the provisioning provider reads them", () => {
      const provider = readFileSync(
        join(REPO, 'apps_data/grafana/provisioning/dashboards/iiot.yml'),
        'utf8',
      );
      const path = /^\s*path:\s*(\S+)\s*$/m.exec(provider)?.[1];
      expect(path).toBe('/etc/grafana/dashboards');
      expect(bindMounts('global')).toContainEqual([
        join(REPO, 'apps_data/grafana/dashboards'),
        path,
      ]);
    });
  },
);
