import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, buildAppConfig } from './app.config';
import { sha256Hex } from './api-keys';

const HASH = sha256Hex('s3cret');

describe('auth and transport config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iiot-sec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const build = (env: Record<string, string>) => buildAppConfig({ DATA_DIR: dir, ...env });

  it('should be open with no keys, with the old-style defaults', () => {
    const { auth, transport } = build({});
    expect(auth).toEqual({ keys: [], open: true, disabled: false, metricsRequireKey: false });
    expect(transport).toEqual({
      tls: undefined,
      rateLimitPerSecond: 2000,
      corsOrigins: [],
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
    });
  });

  it('should split API_KEYS at the first colon and keep only hashes', () => {
    const { auth } = build({ API_KEYS: ' ingest:k1:with:colons , mes:k2,admin:sha256:' + HASH });
    expect(auth.open).toBe(false);
    expect(auth.keys).toEqual([
      { role: 'ingest', sha256: sha256Hex('k1:with:colons') },
      { role: 'mes', sha256: sha256Hex('k2') },
      { role: 'admin', sha256: HASH },
    ]);
    expect(JSON.stringify(auth)).not.toContain('k1:with');
  });

  it('should read API_KEYS_FILE (relative to DATA_DIR) with comments, beside API_KEYS', () => {
    writeFileSync(
      join(dir, 'keys'),
      `# plant keys\n\ningest:line1-key\r\n  mes:sha256:${HASH.toUpperCase()}\n`,
    );
    const { auth } = build({ API_KEYS_FILE: 'keys', API_KEYS: 'admin:root' });
    expect(auth.keys.map((k) => k.role)).toEqual(['admin', 'ingest', 'mes']);
    expect(auth.keys[2].sha256).toBe(HASH);
  });

  it('should refuse to run open in production unless AUTH_DISABLED=true', () => {
    expect(() => build({ NODE_ENV: 'production' })).toThrow(/API_KEYS.*AUTH_DISABLED=true/s);
    expect(build({ NODE_ENV: 'production', AUTH_DISABLED: 'true' }).auth).toMatchObject({
      open: true,
      disabled: true,
    });
    expect(build({ NODE_ENV: 'production', API_KEYS: 'ingest:k' }).auth.open).toBe(false);
  });

  it('should be open with keys when AUTH_DISABLED=true', () => {
    expect(build({ API_KEYS: 'ingest:k', AUTH_DISABLED: 'yes' }).auth.open).toBe(true);
  });

  it.each([
    ['API_KEYS', 'ingest', /API_KEYS entry 1: expected role:key/],
    [
      'API_KEYS',
      'ingest:ok,root:secret-value',
      /API_KEYS entry 2: the text before the first colon is not a role/,
    ],
    ['API_KEYS', 'mes:', /API_KEYS entry 1: the key is empty/],
    ['API_KEYS', 'mes:sha256:abc', /API_KEYS entry 1: sha256: must be followed by 64 hex/],
    ['API_KEYS_FILE', 'missing-file', /API_KEYS_FILE: cannot read .*missing-file \(ENOENT\)/],
    ['TLS_CERT_FILE', 'cert.pem', /TLS_KEY_FILE: HTTPS needs both/],
    ['TLS_CA_FILE', 'ca.pem', /TLS_CA_FILE: needs TLS_CERT_FILE/],
    ['CORS_ORIGINS', 'mes.example.com', /CORS_ORIGINS: "mes.example.com" is not/],
    ['RATE_LIMIT_PER_SECOND', '-1', /RATE_LIMIT_PER_SECOND/],
    ['HTTP_HEADERS_TIMEOUT_MS', '60000', /HTTP_HEADERS_TIMEOUT_MS=60000: must be between 1 and/],
    ['BODY_LIMIT', 'lots', /BODY_LIMIT/],
    ['METRICS_REQUIRE_KEY', 'perhaps', /METRICS_REQUIRE_KEY/],
  ])('should refuse %s=%s with a message naming it', (name, value, message) => {
    const attempt = () => build({ [name]: value });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(message);
  });

  it.each(['ingest:ok,root:secret-value', 'secret-value-without-role', 'secret:value'])(
    'should never quote a key in an error message (API_KEYS=%s)',
    (keys) => {
      let message = '';
      try {
        build({ API_KEYS: keys });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration:\n {2}API_KEYS entry/);
      expect(message).not.toMatch(/secret/);
    },
  );

  it('should take TLS files relative to DATA_DIR, CORS origins and timeouts', () => {
    for (const f of ['cert.pem', 'key.pem', 'ca.pem']) writeFileSync(join(dir, f), '');
    const { transport } = build({
      TLS_CERT_FILE: 'cert.pem',
      TLS_KEY_FILE: join(dir, 'key.pem'),
      TLS_CA_FILE: 'ca.pem',
      CORS_ORIGINS: 'https://mes.example.com, http://localhost:8080',
      RATE_LIMIT_PER_SECOND: '0',
      HTTP_REQUEST_TIMEOUT_MS: '0',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '5000',
    });
    expect(transport).toEqual({
      tls: {
        certFile: join(dir, 'cert.pem'),
        keyFile: join(dir, 'key.pem'),
        caFile: join(dir, 'ca.pem'),
      },
      corsOrigins: ['https://mes.example.com', 'http://localhost:8080'],
      rateLimitPerSecond: 0,
      requestTimeoutMs: 0,
      headersTimeoutMs: 5000,
      keepAliveTimeoutMs: 5000,
    });
  });
});
