// promote and check as the runner runs them, against the fakes, with certificates from a throwaway CA.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActionRun } from '../support/action-runner.js';
import {
  asPem,
  REPOSITORY_TARGET as repo,
  runRotation,
  startTestBed,
  type RotationOptions,
  type TestBed,
} from '../support/e2e.js';
import {
  issuedCredential,
  spkiSha256,
  KEY,
  PENDING,
  PREVIOUS,
  CERT,
  CERT_PREVIOUS,
  CSR,
} from '../support/fixtures.js';
import { startMtlsServer } from '../support/mtls-server.js';
import { plantRequest, recordRequest, type RequestedState } from '../support/requested-state.js';
import { createTestCa, DAY_MS, makeKeyAndCsr, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let otherCa: TestCa;
let bed: TestBed;
/** What one real request run stored: most tests here start from it (request is tested in request.test.ts). */
let recorded: RequestedState;
const runs: ActionRun[] = [];

beforeAll(async () => {
  [ca, otherCa, recorded] = await Promise.all([
    createTestCa({ commonName: 'Mangopay Test CA' }),
    createTestCa({ commonName: 'Other CA' }),
    recordRequest(),
  ]);
});
afterAll(async () => {
  await Promise.all([ca.dispose(), otherCa.dispose()]);
});
beforeEach(async () => {
  bed = await startTestBed();
});
afterEach(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

async function rotate(inputs: Record<string, string>, options: RotationOptions = {}): Promise<ActionRun> {
  const run = await runRotation(bed, inputs, options);
  runs.push(run);
  return run;
}

/** The state of a request (planted), then the CA signs its CSR: what a person does in the Mangopay Dashboard. */
async function requestAndSign(sign: Parameters<TestCa['signCsr']>[1] = { days: 365 }) {
  plantRequest(bed.github, recorded);
  const certificate = await ca.signCsr(recorded.csr, sign);
  return { csr: recorded.csr, certificate, pendingSecret: bed.github.secret(repo, PENDING)! };
}

/** A request run of the bundle on this bed (over what is stored already), then the CA signs the CSR. */
async function runRequestAndSign(inputs: Record<string, string>) {
  const run = await rotate(inputs);
  expect(run.outputs.state).toBe('requested');
  const certificate = await ca.signCsr(run.outputs.csr, { days: 365 });
  return { certificate, pendingSecret: bed.github.secret(repo, PENDING)! };
}

function expectRefused(run: ActionRun, before: string, message: RegExp): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(message);
  expect(bed.github.snapshot()).toBe(before);
}

describe('promote', () => {
  it('verifies the issued certificate and installs it with the pending key', async () => {
    const { certificate, pendingSecret } = await requestAndSign();
    const run = await rotate({ mode: 'promote', certificate, 'pending-private-key': pendingSecret });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      state: 'promoted',
      rotated: 'true',
      'dry-run': 'false',
      'days-remaining': '364',
    });
    const x509 = new X509Certificate(certificate);
    expect(run.outputs['certificate-expires-at']).toBe(
      new Date(x509.validTo).toISOString().replace('.000Z', 'Z'),
    );

    expect(bed.github.secret(repo, KEY)).toBe(pendingSecret); // same material, key-format base64
    expect(bed.github.variable(repo, CERT)).toBe(Buffer.from(certificate).toString('base64'));
    expect(bed.github.secretNames(repo)).toEqual([KEY]);
    expect(bed.github.variable(repo, CSR)).toBeUndefined();
    expect(bed.github.variable(repo, CERT_PREVIOUS)).toBeUndefined();

    for (const fact of [
      x509.serialNumber,
      x509.fingerprint256,
      'CN=Mangopay Test CA',
      'CN=acme.sandbox.mangopay.com',
    ]) {
      expect(run.summary).toContain(fact);
    }
    expect(run.warnings).toEqual([]);
  });

  it('keeps the old key and certificate as _PREVIOUS, in the documented write order', async () => {
    const first = await requestAndSign();
    await rotate({
      mode: 'promote',
      certificate: first.certificate,
      'pending-private-key': first.pendingSecret,
    });
    const oldKey = bed.github.secret(repo, KEY)!;
    const oldCert = bed.github.variable(repo, CERT)!;

    const second = await runRequestAndSign({ force: 'true' });
    const callsBefore = bed.github.calls.length;
    const run = await rotate({
      mode: 'promote',
      certificate: Buffer.from(second.certificate).toString('base64'),
      'pending-private-key': second.pendingSecret,
      'current-private-key': oldKey,
    });
    expect(run.outputs.state).toBe('promoted');
    expect(bed.github.secret(repo, PREVIOUS)).toBe(oldKey);
    expect(bed.github.variable(repo, CERT_PREVIOUS)).toBe(oldCert);
    expect(bed.github.secret(repo, KEY)).toBe(second.pendingSecret);
    expect(spkiSha256(asPem(bed.github.secret(repo, KEY)!)!)).toBe(spkiSha256(second.certificate));
    expect(bed.github.secretNames(repo).sort()).toEqual([KEY, PREVIOUS]);

    const writes = bed.github.calls
      .slice(callsBefore)
      .filter((call) => call.method !== 'GET')
      .map((call) => `${call.method} ${call.path.replace(/^\/repos\/octo-org\/payments\/actions\//, '')}`);
    expect(writes).toEqual([
      `PUT secrets/${PREVIOUS}`,
      'POST variables',
      `PUT secrets/${KEY}`,
      `PATCH variables/${CERT}`,
      `DELETE secrets/${PENDING}`,
      `DELETE variables/${CSR}`,
    ]);
  });

  it('reads the certificate from a file in the workspace and stores PEM with key-format pem', async () => {
    const { certificate, pendingSecret } = await requestAndSign();
    const workspace = await mkdtemp(path.join(tmpdir(), 'ws-'));
    try {
      await writeFile(path.join(workspace, 'issued.pem'), certificate.replace(/\n/g, '\r\n'));
      const run = await rotate(
        {
          mode: 'promote',
          'certificate-file': 'issued.pem',
          'pending-private-key': pendingSecret,
          'key-format': 'pem',
        },
        { env: { GITHUB_WORKSPACE: workspace } },
      );
      expect(run.outputs.state).toBe('promoted');
      expect(bed.github.variable(repo, CERT)).toBe(certificate);
      expect(bed.github.secret(repo, KEY)).toBe(asPem(pendingSecret));
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('warns, but installs, when the CN is unexpected or clientAuth is missing', async () => {
    const { certificate, pendingSecret } = await requestAndSign({
      days: 100,
      clientAuth: false,
      subjectOverride: '/CN=someone-else.sandbox.mangopay.com/O=Mangopay/C=LU',
    });
    const run = await rotate({ mode: 'promote', certificate, 'pending-private-key': pendingSecret });
    expect(run.outputs.state).toBe('promoted');
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /CN is someone-else\.sandbox\.mangopay\.com, expected acme\.sandbox\.mangopay\.com/,
      ),
      expect.stringMatching(/no extendedKeyUsage clientAuth/),
    ]);
  });

  describe('refuses, with nothing written', () => {
    it('a certificate of another key', async () => {
      const { pendingSecret } = await requestAndSign();
      const other = await issuedCredential(ca, { daysLeft: 300 });
      const before = bed.github.snapshot();
      const run = await rotate({
        mode: 'promote',
        certificate: other.certPem,
        'pending-private-key': pendingSecret,
      });
      expectRefused(run, before, /was not issued for the pending key/);
    });

    it('an expired certificate', async () => {
      const { csr, pendingSecret } = await requestAndSign();
      const expired = await ca.signCsr(csr, {
        notBefore: new Date(Date.now() - 400 * DAY_MS),
        notAfter: new Date(Date.now() - DAY_MS),
      });
      const before = bed.github.snapshot();
      const run = await rotate({
        mode: 'promote',
        certificate: expired,
        'pending-private-key': pendingSecret,
      });
      expectRefused(run, before, /The certificate expired on \d{4}-/);
    });

    it('a certificate that is not valid yet', async () => {
      const { csr, pendingSecret } = await requestAndSign();
      const future = await ca.signCsr(csr, {
        notBefore: new Date(Date.now() + 2 * DAY_MS),
        notAfter: new Date(Date.now() + 300 * DAY_MS),
      });
      const before = bed.github.snapshot();
      const run = await rotate({
        mode: 'promote',
        certificate: future,
        'pending-private-key': pendingSecret,
      });
      expectRefused(run, before, /not valid yet/);
    });

    it('garbage instead of a certificate', async () => {
      const { pendingSecret } = await requestAndSign();
      const before = bed.github.snapshot();
      const callsBefore = bed.github.calls.length;
      const run = await rotate({
        mode: 'promote',
        certificate: 'hello world',
        'pending-private-key': pendingSecret,
      });
      expectRefused(run, before, /^Input 'certificate': expected a PEM certificate/);
      expect(bed.github.calls.length).toBe(callsBefore); // refused before any call
    });

    it('a certificate and key that match each other but not the pending CSR', async () => {
      await requestAndSign();
      // Someone else's key and certificate, while this repository's pending CSR belongs to another key.
      const stray = await issuedCredential(ca, { daysLeft: 300 });
      const before = bed.github.snapshot();
      const run = await rotate({
        mode: 'promote',
        certificate: stray.certPem,
        'pending-private-key': stray.keyPem,
      });
      expectRefused(run, before, /does not belong to the pending CSR in variable MANGOPAY_MTLS_CSR/);
    });
  });

  describe('verify-url', () => {
    it('installs after a real mTLS handshake with a server that trusts the issuing CA', async () => {
      const { certificate, pendingSecret } = await requestAndSign();
      const serverCert = await ca.issueServerCert();
      const server = await startMtlsServer({
        ca: ca.certPem,
        serverKey: serverCert.keyPem,
        serverCert: serverCert.certPem,
      });
      try {
        const run = await rotate(
          { mode: 'promote', certificate, 'pending-private-key': pendingSecret, 'verify-url': server.url },
          { env: { NODE_EXTRA_CA_CERTS: ca.certPath } },
        );
        expect(run.exitCode).toBe(0);
        expect(run.outputs.state).toBe('promoted');
        expect(server.accepted).toHaveLength(1);
        expect(server.accepted[0].subject).toContain('CN=acme.sandbox.mangopay.com');
        expect(run.summary).toContain('accepted, HTTP 200');
      } finally {
        await server.close();
      }
    });

    it('refuses when the server does not accept the certificate', async () => {
      const { certificate, pendingSecret } = await requestAndSign();
      const serverCert = await ca.issueServerCert();
      // This server only trusts client certificates from another CA.
      const server = await startMtlsServer({
        ca: otherCa.certPem,
        serverKey: serverCert.keyPem,
        serverCert: serverCert.certPem,
      });
      try {
        const before = bed.github.snapshot();
        const run = await rotate(
          { mode: 'promote', certificate, 'pending-private-key': pendingSecret, 'verify-url': server.url },
          { env: { NODE_EXTRA_CA_CERTS: ca.certPath } },
        );
        expectRefused(run, before, /The mTLS handshake with 127\.0\.0\.1:\d+ failed: .*NOT installed/);
        expect(server.accepted).toHaveLength(0);
        expect(server.refused).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    });
  });
});

describe('check', () => {
  async function check(): Promise<ActionRun> {
    const before = bed.github.snapshot();
    const run = await rotate({ mode: 'check' });
    expect(run.exitCode).toBe(0);
    expect(bed.github.snapshot()).toBe(before); // writes nothing
    expect(bed.github.calls.every((call) => call.method === 'GET')).toBe(true);
    return run;
  }

  it('no certificate: due, not pending, reported without crashing', async () => {
    const run = await check();
    expect(run.outputs).toEqual({
      state: 'checked',
      'dry-run': 'false',
      rotated: 'false',
      pending: 'false',
      due: 'true',
    });
    expect(run.summary).toContain('No current certificate');
  });

  it('far from expiry: not due', async () => {
    bed.github.setVariable(repo, CERT, (await issuedCredential(ca, { daysLeft: 200 })).certPem);
    const run = await check();
    expect(run.outputs).toMatchObject({
      state: 'checked',
      due: 'false',
      pending: 'false',
      'days-remaining': '199',
    });
    expect(run.summary).toContain('OK: the current certificate is valid until');
  });

  it('inside the renewal window: due', async () => {
    bed.github.setVariable(repo, CERT, (await issuedCredential(ca, { daysLeft: 10 })).certPem);
    const run = await check();
    expect(run.outputs).toMatchObject({ due: 'true', 'days-remaining': '9' });
    expect(run.summary).toContain('Rotation due');
  });

  it('expired: due, negative days, a warning', async () => {
    const expired = await issuedCredential(ca, { daysLeft: -3, daysAgo: 300 });
    bed.github.setVariable(repo, CERT, Buffer.from(expired.certPem).toString('base64'));
    const run = await check();
    expect(run.outputs).toMatchObject({ due: 'true', 'days-remaining': '-4' });
    expect(run.warnings).toEqual([expect.stringMatching(/expired on/)]);
    expect(run.summary).toContain('EXPIRED');
  });

  it('pending request: pending true', async () => {
    const { csrPem } = await makeKeyAndCsr('/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU');
    bed.github.setVariable(repo, CSR, csrPem);
    const run = await check();
    expect(run.outputs).toMatchObject({ pending: 'true', due: 'true' });
    expect(run.summary).toContain('A request is pending');
  });
});

describe('environment scope', () => {
  it('stores every secret and variable of request and promote in the environment', async () => {
    bed.github.addEnvironment('octo-org/payments', 'production');
    const env = { repository: 'octo-org/payments', environment: 'production' };
    const scope = { 'secret-scope': 'environment', 'github-environment': 'production' };
    const requested = await rotate(scope);
    expect(requested.outputs.state).toBe('requested');
    expect(bed.github.secretNames(env)).toEqual([PENDING]);
    expect(bed.github.variable(env, CSR)).toBe(requested.outputs.csr);
    expect(bed.github.secretNames(repo)).toEqual([]);
    expect(bed.github.variable(repo, CSR)).toBeUndefined();

    const certificate = await ca.signCsr(requested.outputs.csr, { days: 365 });
    const promoted = await rotate({
      ...scope,
      mode: 'promote',
      certificate,
      'pending-private-key': bed.github.secret(env, PENDING)!,
    });
    expect(promoted.outputs.state).toBe('promoted');
    expect(bed.github.secretNames(env)).toEqual([KEY]);
    expect(bed.github.variable(env, CERT)).toBeDefined();
    const checked = await rotate({ ...scope, mode: 'check' });
    expect(checked.outputs).toMatchObject({ due: 'false', pending: 'false' });
  });

  it('a missing environment: an error that says so and how to create it', async () => {
    const before = bed.github.snapshot();
    const run = await rotate({ 'secret-scope': 'environment', 'github-environment': 'staging' });
    expectRefused(
      run,
      before,
      /environment "staging" does not exist in octo-org\/payments.*Settings > Environments/,
    );
  });
});
