import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type ConnectionOptions } from 'node:tls';
import { storedPoints } from '../support/line-protocol';
import { describeWithServer } from '../support/server-binary';
import {
  HttpsServiceProcess,
  TestCertificates,
  httpsRequest,
  makeCertificates,
} from '../support/tls';

const sample = JSON.stringify({ LineName: 'L', MachineName: 'M', SensorName: 'S', SensorValue: 2 });
/** What an old client offers: TLS 1.1 only, with the ciphers OpenSSL 3 hides at its default level. */
const TLS_1_1_ONLY: ConnectionOptions = {
  minVersion: 'TLSv1.1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
};

/** Resolves with the agreed protocol, or rejects with the handshake error. */
function handshake(port: number, options: ConnectionOptions): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ...options }, () => {
      resolve(socket.getProtocol());
      socket.end();
    });
    socket.on('error', reject);
  });
}

describeWithServer(
  'openssl',
  'openssl',
  'HTTPS (the built service, self-signed certificates)',
  () => {
    let dir: string;
    let certs: TestCertificates;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'iiot-tls-'));
      certs = makeCertificates(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    describe('server certificate only', () => {
      let svc: HttpsServiceProcess;
      beforeAll(async () => {
        const env = { DATA_DIR: dir, TLS_CERT_FILE: 'server.pem', TLS_KEY_FILE: 'server.key' };
        svc = await new HttpsServiceProcess(env, { ca: certs.ca }).start();
      }, 60_000);
      afterAll(() => svc.stop());

      it('should take a sample over TLS 1.2 (what TF6760 speaks), with HSTS', async () => {
        const res = await httpsRequest(
          `${svc.url}/generic-sensor`,
          { ca: certs.ca, maxVersion: 'TLSv1.2' },
          { method: 'POST', headers: { 'Content-Type': 'text/html;charset=UTF-8' }, body: sample },
        );
        expect(res.protocol).toBe('TLSv1.2');
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body)).toEqual([{ Message: 'Sensor read successfully' }, 201]);
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
        expect(storedPoints(dir)).toHaveLength(1);
        expect(svc.output).toMatch(/Listening on https:\/\//);
      });

      it('should also speak TLS 1.3 to clients that offer it', async () => {
        expect(await handshake(svc.port, { ca: certs.ca })).toBe('TLSv1.3');
      });

      it('should refuse a TLS 1.1 handshake that another server accepts', async () => {
        // Control: the same client options do reach TLS 1.1 with a server that allows it, so the
        // refusal below is the service's minVersion, not the client failing on its own.
        const lenient = createServer({
          cert: readFileSync(certs.certFile),
          key: readFileSync(certs.keyFile),
          minVersion: 'TLSv1.1',
          ciphers: 'DEFAULT:@SECLEVEL=0',
        });
        await new Promise<void>((r) => lenient.listen(0, '127.0.0.1', r));
        try {
          const port = (lenient.address() as { port: number }).port;
          expect(await handshake(port, { ...TLS_1_1_ONLY, ca: certs.ca })).toBe('TLSv1.1');
        } finally {
          lenient.close();
        }
        await expect(handshake(svc.port, { ...TLS_1_1_ONLY, ca: certs.ca })).rejects.toMatchObject({
          code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        });
      });

      it('should not answer plain HTTP on the HTTPS port', async () => {
        await expect(fetch(`http://127.0.0.1:${svc.port}/health/live`)).rejects.toThrow();
      });
    });

    describe('with TLS_CA_FILE (mutual TLS)', () => {
      let svc: HttpsServiceProcess;
      const client = () => ({
        ca: certs.ca,
        cert: readFileSync(certs.clientCertFile),
        key: readFileSync(certs.clientKeyFile),
      });
      beforeAll(async () => {
        const env = {
          DATA_DIR: dir,
          TLS_CERT_FILE: certs.certFile,
          TLS_KEY_FILE: certs.keyFile,
          TLS_CA_FILE: certs.caFile,
        };
        svc = await new HttpsServiceProcess(env, client()).start();
      }, 60_000);
      afterAll(() => svc.stop());

      it('should serve a client whose certificate the CA signed', async () => {
        const res = await httpsRequest(`${svc.url}/health/live`, client());
        expect(res.status).toBe(200);
      });

      it('should refuse a client without a certificate', async () => {
        await expect(httpsRequest(`${svc.url}/health/live`, { ca: certs.ca })).rejects.toThrow();
      });

      it('should refuse a client whose certificate another CA signed', async () => {
        const other = makeCertificates(mkdtempSync(join(dir, 'other-'))); // a CA of its own
        await expect(
          httpsRequest(`${svc.url}/health/live`, {
            ca: certs.ca,
            cert: readFileSync(other.clientCertFile),
            key: readFileSync(other.clientKeyFile),
          }),
        ).rejects.toThrow();
      });
    });
  },
);
