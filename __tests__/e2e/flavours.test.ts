/**
 * The bundled action with each real OpenSSL flavour of ../shared/openssl-flavours as `openssl-path`, run bare
 * (no openssl.cnf at the builds' compiled-in paths): a request, then a promote of the certificate the test CA
 * issues for the published CSR. Both runs use the flavour: request makes the key and CSR, promote reads the
 * stored CSR's public key. The system's openssl is what every other e2e test runs.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import { asPem, REPOSITORY_TARGET as repo, runRotation, startTestBed, type TestBed } from '../support/e2e.js';
import { parseCsr } from '../support/csr-der.js';
import { CSR, KEY, PENDING, spkiSha256 } from '../support/fixtures.js';
import { describeFlavours, SHARED_FLAVOURS } from '../support/openssl-flavours.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
});
afterAll(async () => {
  await ca.dispose();
});
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

describeFlavours('The bundle with', SHARED_FLAVOURS, ({ binary }) => {
  it('requests, then promotes the certificate issued for the pending key', async () => {
    const requested = await rotate({ 'openssl-path': binary });
    expect(requested.errors).toEqual([]);
    expect(requested.outputs).toMatchObject({ state: 'requested', rotated: 'true' });
    const pendingSecret = bed.github.secret(repo, PENDING) ?? '';
    const pendingKey = asPem(pendingSecret) ?? '';
    expect(pendingKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const csrKey = parseCsr(requested.outputs.csr).publicKey.export({ type: 'spki', format: 'pem' });
    expect(spkiSha256(csrKey.toString())).toBe(spkiSha256(pendingKey));

    const certificate = await ca.signCsr(requested.outputs.csr, { days: 365 });
    const promoted = await rotate({
      mode: 'promote',
      certificate,
      'pending-private-key': pendingSecret,
      'openssl-path': binary,
    });
    expect(promoted.errors).toEqual([]);
    expect(promoted.outputs).toMatchObject({ state: 'promoted', rotated: 'true' });
    const storedKey = asPem(bed.github.secret(repo, KEY) ?? '') ?? '';
    expect(spkiSha256(storedKey)).toBe(spkiSha256(certificate));
    expect(bed.github.secretNames(repo)).toEqual([KEY]);
    expect(bed.github.variable(repo, CSR)).toBeUndefined();
  });
});
