import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMtlsServer, MTLS_OK_BODY, type MtlsServer } from '../support/mtls-server.js';
import { createTestCa, makeKeyAndCsr, openssl, opensslTime, type TestCa } from '../support/test-ca.js';

const DAY = 86_400_000;
const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

/** Whole seconds: certificates carry no milliseconds. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;

async function ekuText(certPem: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eku-'));
  try {
    await writeFile(join(dir, 'c.pem'), certPem);
    return await openssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-ext', 'extendedKeyUsage']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Reply {
  status: number;
  body: string;
}

/** One GET presenting `key`/`cert` (if any), trusting only `ca`; rejects on any TLS failure. */
function get(url: string, tls: { ca: string; key?: string; cert?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...tls, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('test CA', () => {
  let ca: TestCa;
  let caCert: X509Certificate;
  let client: { keyPem: string; csrPem: string };

  beforeAll(async () => {
    [ca, client] = await Promise.all([createTestCa({ commonName: 'Throwaway CA' }), makeKeyAndCsr()]);
    caCert = new X509Certificate(ca.certPem);
  });
  afterAll(() => ca.dispose());

  it('makes a CA certificate that can sign', () => {
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toBe('CN=Throwaway CA\nO=Test');
    expect(caCert.checkIssued(caCert)).toBe(true);
  });

  it('signs a CSR keeping its subject, for a year by default, with clientAuth', async () => {
    const before = Date.now();
    const cert = new X509Certificate(await ca.signCsr(client.csrPem));
    expect(cert.issuer).toBe(caCert.subject);
    expect(cert.subject).toBe('CN=x.sandbox.mangopay.com\nO=Mangopay\nC=LU');
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.equals(createPublicKey(client.keyPem))).toBe(true);
    expect(cert.keyUsage).toEqual([CLIENT_AUTH_OID]);
    const from = new Date(cert.validFrom).getTime();
    const to = new Date(cert.validTo).getTime();
    expect(from).toBeLessThanOrEqual(before);
    expect(to - from).toBe(365 * DAY);
    expect(await ekuText(ca.certPem)).toBe('');
  });

  it('shows clientAuth to openssl too, and leaves it out when asked', async () => {
    expect(await ekuText(await ca.signCsr(client.csrPem))).toMatch(/TLS Web Client Authentication/);
    const bare = await ca.signCsr(client.csrPem, { clientAuth: false });
    expect(await ekuText(bare)).toBe('');
    expect(new X509Certificate(bare).keyUsage).toBeUndefined();
  });

  it('issues expired and not-yet-valid certificates with the exact window asked', async () => {
    const now = Date.now();
    const windows = [
      { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - DAY) },
      { notBefore: new Date(now + 2 * DAY), notAfter: new Date(now + 30 * DAY) },
      { notBefore: new Date('2049-12-31T23:59:59Z'), notAfter: new Date('2051-01-01T00:00:00Z') },
    ];
    for (const window of windows) {
      const cert = new X509Certificate(await ca.signCsr(client.csrPem, window));
      expect(new Date(cert.validFrom).getTime()).toBe(seconds(window.notBefore));
      expect(new Date(cert.validTo).getTime()).toBe(seconds(window.notAfter));
    }
  });

  it('derives the end from notBefore + days, and overrides the subject', async () => {
    const notBefore = new Date(Date.now() - 10 * DAY);
    const cert = new X509Certificate(
      await ca.signCsr(client.csrPem, {
        notBefore,
        days: 3,
        subjectOverride: '/CN=other.prod.mangopay.com/O=Mangopay/C=LU',
      }),
    );
    expect(new Date(cert.validTo).getTime()).toBe(seconds(notBefore) + 3 * DAY);
    expect(cert.subject).toBe('CN=other.prod.mangopay.com\nO=Mangopay\nC=LU');
  });

  it('signs CSRs concurrently on one CA', async () => {
    const certs = await Promise.all([1, 2, 3].map(() => ca.signCsr(client.csrPem)));
    const serials = certs.map((pem) => new X509Certificate(pem).serialNumber);
    expect(new Set(serials).size).toBe(3);
  });

  it('formats OpenSSL times as YYYYMMDDHHMMSSZ', () => {
    expect(opensslTime(new Date('2027-11-29T10:00:05.123Z'))).toBe('20271129100005Z');
  });

  it('issues server certificates for 127.0.0.1 and localhost', async () => {
    const { keyPem, certPem } = await ca.issueServerCert();
    const cert = new X509Certificate(certPem);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.publicKey.equals(createPublicKey(keyPem))).toBe(true);
  });
});

describe('mTLS handshake against a throwaway CA', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let server: MtlsServer;
  let client: { keyPem: string; csrPem: string };

  beforeAll(async () => {
    [ca, otherCa, client] = await Promise.all([
      createTestCa(),
      createTestCa({ commonName: 'Other CA' }),
      makeKeyAndCsr(),
    ]);
    const { keyPem, certPem } = await ca.issueServerCert();
    server = await startMtlsServer({ ca: ca.certPem, serverKey: keyPem, serverCert: certPem });
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([ca.dispose(), otherCa.dispose()]);
  });

  it('listens on 127.0.0.1', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('accepts a key whose CSR the CA signed', async () => {
    const cert = await ca.signCsr(client.csrPem);
    const reply = await get(server.url, { ca: ca.certPem, key: client.keyPem, cert });
    expect(reply).toEqual({ status: 200, body: MTLS_OK_BODY });
    const x509 = new X509Certificate(cert);
    expect(server.accepted.at(-1)).toEqual({
      subject: x509.subject,
      fingerprint256: x509.fingerprint256,
      request: 'GET /',
    });
  });

  it('refuses a client without a certificate', async () => {
    const refused = server.refused;
    await expect(get(server.url, { ca: ca.certPem })).rejects.toThrow();
    expect(server.refused).toBe(refused + 1);
  });

  it('refuses a certificate from another CA', async () => {
    const cert = await otherCa.signCsr(client.csrPem);
    const [accepted, refused] = [server.accepted.length, server.refused];
    // TLS 1.3: the client's handshake completes first; the refusal shows as a reset when it reads.
    await expect(get(server.url, { ca: ca.certPem, key: client.keyPem, cert })).rejects.toThrow();
    expect(server.accepted.length).toBe(accepted);
    expect(server.refused).toBe(refused + 1);
  });

  it('refuses expired and not-yet-valid certificates', async () => {
    const now = Date.now();
    const expired = await ca.signCsr(client.csrPem, {
      notBefore: new Date(now - 60 * DAY),
      notAfter: new Date(now - DAY),
    });
    const early = await ca.signCsr(client.csrPem, { notBefore: new Date(now + DAY), days: 30 });
    await expect(get(server.url, { ca: ca.certPem, key: client.keyPem, cert: expired })).rejects.toThrow();
    await expect(get(server.url, { ca: ca.certPem, key: client.keyPem, cert: early })).rejects.toThrow();
  });
});
