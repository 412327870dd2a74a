// The request path as the runner runs it: dist/index.js under Node 24 against the loopback fakes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionRun } from '../support/action-runner.js';
import { asPem, REPOSITORY_TARGET as repo, runRotation, startTestBed, type TestBed } from '../support/e2e.js';
import {
  inspectCsr,
  issuedCredential,
  spkiSha256,
  PENDING,
  CERT,
  CSR,
  VARIABLES,
} from '../support/fixtures.js';
import { fileCreated } from '../support/file-created.js';
import { tempDir } from '../support/temp.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

/** `version` like the real one; `req` never ends until a signal ends it. */
const STALLED = fileURLToPath(new URL('../support/fake-openssl/stalled', import.meta.url));

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];

beforeAll(async () => {
  ca = await createTestCa();
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startTestBed();
});
afterEach(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

async function rotate(inputs: Record<string, string>): Promise<ActionRun> {
  const run = await runRotation(bed, inputs);
  runs.push(run);
  return run;
}

describe('request', () => {
  it('first request: makes a key and CSR, stores the sealed pending key and the CSR, publishes the artifact', async () => {
    const run = await rotate({});
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ state: 'requested', rotated: 'true', 'dry-run': 'false' });

    // The pending key, opened by an independent sealed-box implementation inside the fake.
    const stored = bed.github.secret(repo, PENDING)!;
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/); // base64 of the PEM, one line
    const keyPem = asPem(stored)!;
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(keyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(bed.github.secretNames(repo)).toEqual([PENDING]);

    // The CSR: output, variable, file and artifact agree; openssl confirms subject, EKU and signature.
    const csr = run.outputs.csr;
    expect(bed.github.variable(repo, CSR)).toBe(csr);
    expect(readFileSync(run.outputs['csr-path'], 'utf8')).toBe(csr);
    expect(run.outputs['csr-path'].startsWith(run.dirs.runnerTemp)).toBe(true);
    const inspected = await inspectCsr(csr);
    expect(inspected.subject).toBe('subject=CN=acme.sandbox.mangopay.com,O=Mangopay,C=LU');
    expect(inspected.text).toMatch(/X509v3 Extended Key Usage:\s*\n\s*TLS Web Client Authentication/);
    expect(spkiSha256(inspected.publicKeyPem)).toBe(spkiSha256(keyPem));
    expect(run.outputs['public-key-sha256']).toBe(spkiSha256(keyPem));

    expect(bed.artifacts).toHaveLength(1);
    const [artifact] = bed.artifacts;
    expect(artifact.name).toBe('mangopay-mtls-csr-sandbox');
    expect(Object.keys(artifact.files)).toEqual(['acme-sandbox.csr']);
    expect(artifact.files['acme-sandbox.csr'].toString()).toBe(csr);
    expect(artifact.retentionDays).toBe(30);
    expect(run.outputs['artifact-id']).toBe(String(artifact.id));

    // A summary a person can act on, with the CSR itself.
    expect(run.summary).toContain('Upload the CSR below in the Mangopay Dashboard');
    expect(run.summary).toContain(csr.trim());
    expect(run.summary).toContain('secrets.MANGOPAY_MTLS_KEY_PENDING');

    // One call each, except the pending key: stored again after the CSR, so that two concurrent runs that
    // both succeed leave a matching key and CSR (see run.ts).
    const calls = bed.github.calls.map((call) => `${call.method} ${call.route}`);
    expect(calls).toEqual([
      'GET /repos/{owner}/{repo}/actions/variables',
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}',
      'POST /repos/{owner}/{repo}/actions/variables',
      'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}',
      'GET /repos/{owner}/{repo}/actions/variables/{name}',
    ]);
  });

  it('re-run while pending: no new key, the pending CSR is published again', async () => {
    const first = await rotate({});
    const before = bed.github.snapshot();
    const second = await rotate({});
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      state: 'pending',
      rotated: 'false',
      csr: first.outputs.csr,
      'public-key-sha256': first.outputs['public-key-sha256'],
    });
    expect(bed.github.snapshot()).toBe(before);
    expect(bed.artifacts).toHaveLength(2);
    expect(second.outputs['artifact-id']).toBe(String(bed.artifacts[1].id));
    expect(bed.artifacts[1].files['acme-sandbox.csr'].toString()).toBe(first.outputs.csr);
    expect(second.summary).toContain('already pending');
    expect(second.summary).toContain(first.outputs.csr.trim());
  });

  it('not due: a current certificate far from expiry means nothing is made', async () => {
    const current = await issuedCredential(ca, { daysLeft: 200 });
    bed.github.setVariable(repo, CERT, Buffer.from(current.certPem).toString('base64'));
    const before = bed.github.snapshot();
    const run = await rotate({ 'renew-before-days': '30' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('not-due');
    expect(run.outputs.rotated).toBe('false');
    expect(run.outputs['days-remaining']).toBe('199');
    expect(run.outputs['certificate-expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(run.outputs.csr).toBeUndefined();
    expect(bed.github.snapshot()).toBe(before);
    expect(bed.artifacts).toEqual([]);
    expect(run.summary).toContain('No rotation needed');
    // The key is started beside the state read and is not needed: a failing OpenSSL cannot fail this run.
    const noOpenSsl = await rotate({ 'renew-before-days': '30', 'openssl-path': '/nonexistent/openssl' });
    expect(noOpenSsl.exitCode).toBe(0);
    expect(noOpenSsl.outputs.state).toBe('not-due');
    expect(bed.github.snapshot()).toBe(before);
  });

  it('not due: the key started beside the state read is stopped, and the run ends without it', async () => {
    const current = await issuedCredential(ca, { daysLeft: 200 });
    bed.github.setVariable(repo, CERT, current.certPem);
    // An OpenSSL whose key generation never ends on its own: only the stop lets this run end.
    const started = join(await tempDir('stalled-'), 'pids');
    const stateRead = bed.github.hold({ method: 'GET', route: VARIABLES });
    const running = runRotation(
      bed,
      { 'renew-before-days': '30', 'openssl-path': STALLED },
      { env: { FAKE_OPENSSL_STARTED: started }, timeoutMs: 20_000 }, // a run that waits for the key fails here
    );
    await stateRead.arrived;
    // Until it runs (the state read is held meanwhile): it writes its pid. A fake that never starts fails here,
    // once the run has ended (at the latest when timeoutMs kills it).
    await fileCreated(started, running);
    stateRead.release();
    const run = await running;
    runs.push(run);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('not-due');
    const [pid, ...others] = readFileSync(started, 'utf8').trim().split('\n').map(Number);
    expect(others).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' })); // ended
    expect(run.log).not.toMatch(/PRIVATE KEY|stopped/);
  });

  it('due: a current certificate inside the renewal window starts a request', async () => {
    const current = await issuedCredential(ca, { daysLeft: 20 });
    bed.github.setVariable(repo, CERT, current.certPem);
    const run = await rotate({ 'renew-before-days': '30' });
    expect(run.outputs.state).toBe('requested');
    expect(run.outputs['days-remaining']).toBe('19');
    expect(bed.github.variable(repo, CERT)).toBe(current.certPem); // the live certificate is untouched
  });

  it('forced: replaces a pending request with a new key and CSR', async () => {
    const first = await rotate({});
    const firstKey = bed.github.secret(repo, PENDING);
    const forced = await rotate({ force: 'true' });
    expect(forced.outputs.state).toBe('requested');
    expect(forced.outputs.csr).not.toBe(first.outputs.csr);
    expect(bed.github.secret(repo, PENDING)).not.toBe(firstKey);
    expect(bed.github.variable(repo, CSR)).toBe(forced.outputs.csr);
    expect(spkiSha256(asPem(bed.github.secret(repo, PENDING)!)!)).toBe(forced.outputs['public-key-sha256']);
    // The CSR variable existed, so it was updated in place.
    expect(bed.github.callCount('PATCH', '/repos/{owner}/{repo}/actions/variables/{name}')).toBe(1);
  });

  it('production: the CN, artifact name and file name follow the environment', async () => {
    const run = await rotate({ 'mangopay-environment': 'production', 'client-id': 'acme_prod-1' });
    expect(run.outputs.state).toBe('requested');
    expect((await inspectCsr(run.outputs.csr)).subject).toBe(
      'subject=CN=acme_prod-1.prod.mangopay.com,O=Mangopay,C=LU',
    );
    expect(bed.artifacts[0].name).toBe('mangopay-mtls-csr-production');
    expect(Object.keys(bed.artifacts[0].files)).toEqual(['acme_prod-1-production.csr']);
  });

  it('key-format pem and rsa-3072: stores the PEM itself', async () => {
    const run = await rotate({ 'key-format': 'pem', 'key-type': 'rsa-3072' });
    expect(run.outputs.state).toBe('requested');
    const stored = bed.github.secret(repo, PENDING)!;
    expect(stored).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    expect(createPrivateKey(stored).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(bed.github.variable(repo, CSR)).toBe(run.outputs.csr); // the CSR variable is always PEM
  });

  it('dry-run: generates and encrypts but writes nothing and publishes nothing', async () => {
    const before = bed.github.snapshot();
    const run = await rotate({ 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'requested', 'dry-run': 'true', rotated: 'true' });
    expect(run.outputs.csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(run.outputs['artifact-id']).toBeUndefined();
    expect(existsSync(run.outputs['csr-path'])).toBe(true);
    expect(bed.github.snapshot()).toBe(before);
    expect(bed.artifacts).toEqual([]);
    // It read the state and fetched the public key (to prove encryption works), and wrote nothing.
    expect(bed.github.calls.map((call) => call.method)).toEqual(['GET', 'GET']);
    expect(run.summary).toContain('Dry run, nothing was written');
  });
});
