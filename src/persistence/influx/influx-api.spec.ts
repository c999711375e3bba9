import {
  apiForVersion,
  authorization,
  headerValue,
  influxQlIdentifier,
  queryTarget,
  retryAfterSeconds,
  splitBucket,
  writePath,
} from './influx-api';

describe('influx-api', () => {
  describe(apiForVersion.name, () => {
    it.each([
      ['1.6.7~rc0', 'v1'],
      ['1.7.11', 'v1'],
      ['v1.7.0', 'v1'],
      ['1.8.10', 'v2'],
      ['1.11.8', 'v2'],
      ['2.7.4', 'v2'],
      ['v2.7.4', 'v2'],
      ['3.0.0', 'v2'],
      ['unknown', 'v2'],
      ['', 'v2'],
      [undefined, 'v2'],
    ])('should map version %p to %s', (version, api) => {
      expect(apiForVersion(version)).toBe(api);
    });
  });

  it('should split db/rp and keep a plain database name whole', () => {
    expect(splitBucket('iiot')).toEqual({ db: 'iiot' });
    expect(splitBucket('iiot/one_year')).toEqual({ db: 'iiot', rp: 'one_year' });
    expect(splitBucket('iiot/')).toEqual({ db: 'iiot' });
  });

  it('should build the v1 write path with db, rp and ms precision', () => {
    expect(writePath('v1', { bucket: 'plant data/autogen', org: 'ignored' })).toBe(
      '/write?db=plant+data&rp=autogen&precision=ms',
    );
  });

  it('should build the v2 write path with org only when configured', () => {
    expect(writePath('v2', { bucket: 'iiot', org: 'acme & co' })).toBe(
      '/api/v2/write?org=acme+%26+co&bucket=iiot&precision=ms',
    );
    expect(writePath('v2', { bucket: 'iiot', org: '' })).toBe(
      '/api/v2/write?bucket=iiot&precision=ms',
    );
  });

  it('should name the database (and rp) for /query', () => {
    expect(queryTarget({ bucket: 'iiot/autogen' })).toEqual({ db: 'iiot', rp: 'autogen' });
  });

  it('should choose Token, Basic (v1) or Token user:password (v2) authorization', () => {
    const none = { token: '', username: '', password: '' };
    expect(authorization('v1', none)).toBeUndefined();
    expect(authorization('v1', { ...none, token: 't0k' })).toBe('Token t0k');
    expect(authorization('v2', { ...none, token: 't0k', username: 'u' })).toBe('Token t0k');
    expect(authorization('v1', { ...none, username: 'u', password: 'p:w' })).toBe(
      `Basic ${Buffer.from('u:p:w').toString('base64')}`,
    );
    expect(authorization('v2', { ...none, username: 'u', password: 'pw' })).toBe('Token u:pw');
  });

  it('should read Retry-After as seconds or as an HTTP date, never as milliseconds', () => {
    const now = Date.parse('2025-11-24T16:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds(['7'], now)).toBe(7);
    expect(retryAfterSeconds('Mon, 24 Nov 2025 16:00:10 GMT', now)).toBe(10);
    expect(retryAfterSeconds('Mon, 24 Nov 2025 15:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
  });

  it('should quote InfluxQL identifiers', () => {
    expect(influxQlIdentifier('my "db"\\x')).toBe('"my \\"db\\"\\\\x"');
  });

  it('should find headers case-insensitively', () => {
    expect(headerValue({ 'X-Influxdb-Version': '1.6.7' }, 'x-influxdb-version')).toBe('1.6.7');
    expect(headerValue({ 'retry-after': ['3', '4'] }, 'retry-after')).toBe('3');
    expect(headerValue(undefined, 'retry-after')).toBeUndefined();
  });
});
