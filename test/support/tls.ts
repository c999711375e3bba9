import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { ServiceProcess } from './service-process';

export interface TestCertificates {
  /** PEM files in `dir`: a CA, a server certificate for 127.0.0.1 it signed, a client one. */
  caFile: string;
  certFile: string;
  keyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  ca: Buffer;
}

/** Self-signed CA plus server and client certificates, made with openssl for this test run. */
export function makeCertificates(dir: string): TestCertificates {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = ['-newkey', 'rsa:2048', '-nodes'];
  openssl(
    'req',
    '-x509',
    '-days',
    '2',
    ...key,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=test-ca',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const sign = (name: string, ext: string[]) => {
    openssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    const x509 = `x509 -req -in ${name}.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2`;
    openssl(...x509.split(' '), '-out', `${name}.pem`, ...ext);
  };
  sign('server', ['-extfile', 'server.ext']);
  sign('client', []);
  return {
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client.key'),
    ca: readFileSync(join(dir, 'ca.pem')),
  };
}

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The TLS version the handshake agreed on, e.g. `TLSv1.2`. */
  protocol: string | null;
}

/** One HTTPS request with explicit TLS options (fetch cannot take a CA or a TLS version). */
export function httpsRequest(
  url: string,
  tls: ConnectionOptions,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ...tls, method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const protocol = (res.socket as TLSSocket).getProtocol();
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, protocol }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The built service started with TLS files: probes /health/live over HTTPS with the test CA. */
export class HttpsServiceProcess extends ServiceProcess {
  protected override readonly scheme = 'https';

  constructor(
    env: Record<string, string>,
    private readonly probeTls: ConnectionOptions,
  ) {
    super(env);
  }

  protected override async isLive(): Promise<boolean> {
    return (await httpsRequest(`${this.url}/health/live`, this.probeTls)).status === 200;
  }
}
