// rollback as the runner runs it, against the fake GitHub: the swap, the swap back, and the refusals that write
// nothing. (The order of the writes, seen by a reader between each two, is tested in the protocol bed.)
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import type { ActionRun } from '../support/action-runner.js';
import { REPOSITORY_TARGET as repo, runRotation, startTestBed, type TestBed } from '../support/e2e.js';
import {
  CERT,
  CERT_PREVIOUS,
  CSR,
  issuedCredential,
  KEY,
  PENDING,
  PREVIOUS,
  spkiSha256,
} from '../support/fixtures.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let bed: TestBed;
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };
let expired: { keyPem: string; certPem: string };
const runs: ActionRun[] = [];
const b64 = (text: string) => Buffer.from(text).toString('base64');
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString().replace('.000Z', 'Z');

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
  current = await issuedCredential(ca, { daysLeft: 300 });
  previous = await issuedCredential(ca, { daysLeft: 100, daysAgo: 200 });
  expired = await issuedCredential(ca, { daysLeft: -3, daysAgo: 300 });
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startTestBed();
  store(current, previous);
  // A pending request: rollback leaves it alone.
  bed.github.setSecret(repo, PENDING, b64(expired.keyPem));
  bed.github.setVariable(repo, CSR, 'pending csr');
});
afterEach(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

function store(now: { keyPem: string; certPem: string }, before: { keyPem: string; certPem: string }): void {
  bed.github.setSecret(repo, KEY, b64(now.keyPem));
  bed.github.setVariable(repo, CERT, b64(now.certPem));
  bed.github.setSecret(repo, PREVIOUS, b64(before.keyPem));
  bed.github.setVariable(repo, CERT_PREVIOUS, b64(before.certPem));
}

/** A rollback run with the keys a workflow passes from the secrets (what is stored now). */
async function rollback(extra: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runRotation(
    bed,
    {
      mode: 'rollback',
      'current-private-key': bed.github.secret(repo, KEY) ?? '',
      'previous-private-key': bed.github.secret(repo, PREVIOUS) ?? '',
      ...extra,
    },
    { knownKeys: [current.keyPem, previous.keyPem, expired.keyPem] },
  );
  runs.push(run);
  return run;
}

describe('rollback', () => {
  it('swaps the previous pair back in, and a second rollback swaps back', async () => {
    const first = await rollback();
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({
      state: 'rolled-back',
      'dry-run': 'false',
      'public-key-sha256': spkiSha256(previous.certPem),
      'certificate-expires-at': iso(previous.certPem),
      'days-remaining': '99',
    });
    expect(bed.github.secret(repo, KEY)).toBe(b64(previous.keyPem));
    expect(bed.github.variable(repo, CERT)).toBe(b64(previous.certPem));
    expect(bed.github.secret(repo, PREVIOUS)).toBe(b64(current.keyPem));
    expect(bed.github.variable(repo, CERT_PREVIOUS)).toBe(b64(current.certPem));
    expect(bed.github.secret(repo, PENDING)).toBe(b64(expired.keyPem));
    expect(bed.github.variable(repo, CSR)).toBe('pending csr');
    expect(first.summary).toContain('rolled-back');

    const second = await rollback();
    expect(second.outputs['public-key-sha256']).toBe(spkiSha256(current.certPem));
    expect(bed.github.secret(repo, KEY)).toBe(b64(current.keyPem));
    expect(bed.github.variable(repo, CERT)).toBe(b64(current.certPem));
    expect(bed.github.secret(repo, PREVIOUS)).toBe(b64(previous.keyPem));
    expect(bed.github.variable(repo, CERT_PREVIOUS)).toBe(b64(previous.certPem));
  });

  it.each([
    [
      'a previous key that does not match the previous certificate',
      () => ({ 'previous-private-key': expired.keyPem }),
      () =>
        `the previous key (public key SHA-256 ${spkiSha256(expired.keyPem)}) does not match the previous certificate`,
    ],
    [
      'an expired previous certificate, naming its date',
      () => {
        store(current, expired);
        return {};
      },
      () => `the previous certificate expired on ${iso(expired.certPem)}`,
    ],
  ])('refuses %s, writing nothing', async (_name, prepare, message) => {
    const extra = prepare();
    const before = bed.github.snapshot();
    const run = await rollback(extra);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringContaining(message())]);
    expect(bed.github.snapshot()).toBe(before);
  });
});
