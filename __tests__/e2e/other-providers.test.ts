// Another provider through the bundle: a custom `subject` and an ec-p256 key, request → the provider signs →
// promote with verify-url, a real mTLS handshake with a node:https server that requires client certificates.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { ActionRun } from '../support/action-runner.js';
import {
  CURVE_OIDS,
  EC_PUBLIC_KEY,
  ECDSA_WITH_SHA256,
  parseCsr,
  pkcs8Algorithm,
} from '../support/csr-der.js';
import { asPem, REPOSITORY_TARGET as repo, runRotation, startTestBed, type TestBed } from '../support/e2e.js';
import { CERT, CSR, KEY, PENDING, spkiSha256 } from '../support/fixtures.js';
import { startMtlsServer } from '../support/mtls-server.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

const SUBJECT = ' CN = partner-api.example.com , O=Société Exemple, OU=Payments, OU=mTLS, C=FR';

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];

beforeAll(async () => {
  ca = await createTestCa();
  bed = await startTestBed();
});
afterAll(async () => {
  await Promise.all(runs.map((run) => run.cleanup()));
  await bed.close();
  await ca.dispose();
});

async function rotate(inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun> {
  const run = await runRotation(bed, { 'client-id': 'partner-api', subject: SUBJECT, ...inputs }, { env });
  runs.push(run);
  return run;
}

describe('other provider: custom subject and an EC key', () => {
  it('request makes an EC P-256 key and a CSR for the subject; promote installs it after a real mTLS handshake', async () => {
    const requested = await rotate({ 'key-type': 'ec-p256' });
    expect(requested.exitCode).toBe(0);
    expect(requested.outputs.state).toBe('requested');

    const pendingSecret = bed.github.secret(repo, PENDING) ?? '';
    const pendingKey = asPem(pendingSecret) ?? '';
    expect(pkcs8Algorithm(pendingKey)).toEqual({ algorithm: EC_PUBLIC_KEY, parameters: CURVE_OIDS['P-256'] });
    expect(createPrivateKey(pendingKey).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    const csrPem = bed.github.variable(repo, CSR) ?? '';
    const csr = parseCsr(csrPem);
    expect(csr.subject).toEqual([
      ['CN', 'partner-api.example.com', 'UTF8String'],
      ['O', 'Société Exemple', 'UTF8String'],
      ['OU', 'Payments', 'UTF8String'],
      ['OU', 'mTLS', 'UTF8String'],
      ['C', 'FR', 'PrintableString'],
    ]);
    expect(csr.signatureAlgorithm).toBe(ECDSA_WITH_SHA256);
    expect(csr.signatureValid).toBe(true);
    expect(requested.outputs['public-key-sha256']).toBe(spkiSha256(pendingKey));
    expect(spkiSha256(csr.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(
      spkiSha256(pendingKey),
    );
    // client-id still names the credential.
    expect(bed.artifacts.flatMap((artifact) => Object.keys(artifact.files))).toEqual([
      'partner-api-sandbox.csr',
    ]);

    // The provider signs (its CA key is RSA); the handshake presents the EC key.
    const certificate = await ca.signCsr(csrPem, { days: 90 });
    const serverCert = await ca.issueServerCert();
    const server = await startMtlsServer({
      ca: ca.certPem,
      serverKey: serverCert.keyPem,
      serverCert: serverCert.certPem,
    });
    try {
      const promoted = await rotate(
        { mode: 'promote', certificate, 'pending-private-key': pendingSecret, 'verify-url': server.url },
        { NODE_EXTRA_CA_CERTS: ca.certPath },
      );
      expect(promoted.exitCode).toBe(0);
      expect(promoted.outputs.state).toBe('promoted');
      // The certificate's CN is the subject's: no CN warning (nor any other).
      expect(promoted.warnings).toEqual([]);
      expect(server.accepted).toHaveLength(1);
      expect(server.accepted[0].fingerprint256).toBe(new X509Certificate(certificate).fingerprint256);
      expect(server.accepted[0].subject.split('\n')).toEqual([
        'CN=partner-api.example.com',
        'O=Société Exemple',
        'OU=Payments',
        'OU=mTLS',
        'C=FR',
      ]);
    } finally {
      await server.close();
    }
    expect(asPem(bed.github.secret(repo, KEY) ?? '')).toBe(pendingKey);
    expect(asPem(bed.github.variable(repo, CERT) ?? '')).toBe(certificate);
    expect(bed.github.secret(repo, PENDING)).toBeUndefined();
    expect(bed.github.variable(repo, CSR)).toBeUndefined();
  });
});
