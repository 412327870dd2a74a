// rollback over in-memory ports: its refusals write nothing; a dry run describes; a failure part-way puts the
// _PREVIOUS copies back or says what to set by hand; the rotation issue gets facts, never a PEM block.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { credentialId } from '../../../src/protocol/issue/tracking.js';
import { credentialMarker } from '../../../src/issue/marker.js';
import { CERT, CERT_PREVIOUS, CSR, KEY, PENDING, PREVIOUS, spkiSha256 } from '../../support/fixtures.js';
import { refusalOf, startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { MemoryIssueTracker } from '../../support/memory/issue-tracker.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, DAY_MS, type TestCa } from '../../support/test-ca.js';
import { requiredMaskForms } from './key-forms.js';

const SUBJECT = '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString().replace('.000Z', 'Z');

let ca: TestCa;
let pairs: KeyPair[];
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };
let bed: ProtocolBed;

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(3, SUBJECT);
  current = { keyPem: pairs[0].keyPem, certPem: await ca.signCsr(pairs[0].csrPem, { days: 300 }) };
  previous = { keyPem: pairs[1].keyPem, certPem: await ca.signCsr(pairs[1].csrPem, { days: 20 }) };
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
  bed.store.secrets.set(KEY, b64(current.keyPem));
  bed.store.variables.set(CERT, b64(current.certPem));
  bed.store.secrets.set(PREVIOUS, b64(previous.keyPem));
  bed.store.variables.set(CERT_PREVIOUS, b64(previous.certPem));
  // A pending request, which a rollback leaves alone.
  bed.store.secrets.set(PENDING, b64(pairs[2].keyPem));
  bed.store.variables.set(CSR, pairs[2].csrPem);
});
afterEach(() => bed.dispose());

const inputs = (extra: Record<string, string> = {}) => ({
  mode: 'rollback',
  'current-private-key': current.keyPem,
  'previous-private-key': b64(previous.keyPem),
  ...extra,
});

/** Refused after the one read of the variables, nothing else. */
async function refusal(run: Promise<unknown>): Promise<string> {
  const { message, calls } = await refusalOf(bed, run);
  expect(calls).toEqual(['readVariables']);
  return message;
}

describe('rollback', () => {
  it('swaps the pairs, previous first, in key-format, and leaves a pending request alone', async () => {
    const result = await bed.run(inputs({ 'key-format': 'pem' }));
    expect(result).toMatchObject({ state: 'rolled-back', dryRun: false });
    expect(bed.events.storeCalls().filter((call) => !/^(readVariables|sealSecret)/.test(call))).toEqual([
      `putSecret ${PREVIOUS}`,
      `setVariable ${CERT_PREVIOUS}`,
      `putSecret ${KEY}`,
      `setVariable ${CERT}`,
    ]);
    expect(bed.store.snapshot()).toEqual({
      secrets: { [KEY]: previous.keyPem, [PREVIOUS]: current.keyPem, [PENDING]: b64(pairs[2].keyPem) },
      variables: { [CERT]: previous.certPem, [CERT_PREVIOUS]: current.certPem, [CSR]: pairs[2].csrPem },
    });
    expect(result.state === 'rolled-back' && result.current.info.publicKeySha256).toBe(
      spkiSha256(previous.certPem),
    );
  });

  it('masks every form of both keys', async () => {
    await bed.run(inputs());
    const masked = bed.events.masked();
    for (const form of [...requiredMaskForms(current.keyPem), ...requiredMaskForms(previous.keyPem)])
      expect(masked).toContain(form);
  });

  it('refuses a previous key that does not match the previous certificate', async () => {
    expect(await refusal(bed.run(inputs({ 'previous-private-key': pairs[2].keyPem })))).toBe(
      `Cannot roll back: the previous key (public key SHA-256 ${spkiSha256(pairs[2].keyPem)}) does not match the ` +
        `previous certificate (public key SHA-256 ${spkiSha256(previous.certPem)}) (secret ${PREVIOUS}, variable ` +
        `${CERT_PREVIOUS}). Nothing was written.`,
    );
  });

  it('refuses an expired previous certificate, naming its date', async () => {
    bed.now = new Date(Date.now() + 30 * DAY_MS);
    expect(await refusal(bed.run(inputs()))).toMatch(
      new RegExp(`^Cannot roll back: the previous certificate expired on ${iso(previous.certPem)} `),
    );
  });

  it('refuses a current key that does not match the current certificate', async () => {
    expect(await refusal(bed.run(inputs({ 'current-private-key': pairs[2].keyPem })))).toMatch(
      /^Cannot roll back: the current key \(public key SHA-256 \w+\) does not match the current certificate/,
    );
  });

  it('refuses when there is no previous certificate, naming the variable', async () => {
    bed.store.variables.delete(CERT_PREVIOUS);
    expect(await refusal(bed.run(inputs()))).toBe(
      `Cannot roll back: variable ${CERT_PREVIOUS} is not set: there is no previous certificate. Nothing was written.`,
    );
  });

  it('a dry run checks everything and writes nothing', async () => {
    const before = bed.store.snapshot();
    const result = await bed.run(inputs({ 'dry-run': 'true' }));
    expect(result.writes).toEqual([
      `secret ${PREVIOUS}`,
      `variable ${CERT_PREVIOUS}`,
      `secret ${KEY}`,
      `variable ${CERT}`,
    ]);
    expect(bed.store.snapshot()).toEqual(before);
  });
});

describe('rollback stopped part-way', () => {
  it('before the key is written: puts the _PREVIOUS copies back, so nothing is lost', async () => {
    const before = bed.store.snapshot();
    bed.store.failOn(`putSecret ${KEY}`, new Error('GitHub answered 502'));
    const outcome = await bed.run(inputs()).catch((error: unknown) => error);
    expect(outcome instanceof Error ? outcome.message : '').toBe(
      `Rollback stopped: GitHub answered 502. Done: secret ${PREVIOUS}, variable ` +
        `${CERT_PREVIOUS}. Not done: secret ${KEY}, variable ${CERT}. Put back: variable ${CERT_PREVIOUS}, secret ` +
        `${PREVIOUS}; the stored credential is as before. Fix the cause and run rollback again.`,
    );
    expect(bed.store.snapshot()).toEqual({
      secrets: { ...before.secrets, [PREVIOUS]: b64(previous.keyPem) },
      variables: { ...before.variables, [CERT_PREVIOUS]: b64(previous.certPem) },
    });
  });

  it('at the last write: says that readers fall back, and gives the certificate to set by hand', async () => {
    bed.store.failOn(`setVariable ${CERT}`, new Error('GitHub answered 502'));
    const outcome = await bed.run(inputs()).catch((error: unknown) => error);
    const message = outcome instanceof Error ? outcome.message : '';
    expect(message).toMatch(
      /^Rollback stopped: GitHub answered 502\. Done: .*\. Not done: variable MANGOPAY_MTLS_CERT\. /,
    );
    expect(message).toContain(`WARNING: secret ${KEY} holds the key rolled back to`);
    expect(message).toContain(
      `Set variable ${CERT} by hand to the certificate rolled back to (public): ${b64(previous.certPem)}`,
    );
  });
});

describe('rollback with issue: true', () => {
  it("comments on the credential's latest rotation issue, closed or not, without a PEM block", async () => {
    const tracker = new MemoryIssueTracker();
    const target = { owner: 'octo-org', repo: 'payments' };
    const credential = credentialId(bed.settings({ mode: 'check' }), target);
    const other = credentialId(bed.settings({ mode: 'check', 'client-id': 'other' }), target);
    tracker.seed({ body: credentialMarker(credential), labels: ['mtls-rotation'], state: 'closed' });
    const latest = tracker.seed({
      body: credentialMarker(credential),
      labels: ['mtls-rotation'],
      state: 'closed',
    });
    tracker.seed({ body: credentialMarker(other), labels: ['mtls-rotation'] });
    bed.issues = {
      tracker,
      settings: {
        token: 't',
        owner: 'octo-org',
        repo: 'payments',
        assignees: [],
        label: 'mtls-rotation',
        promotePermission: 'write',
        reminderIntervalDays: 7,
      },
      credential,
      runUrl: 'https://github.com/octo-org/payments/actions/runs/1',
      issuesUrl: 'https://github.com/octo-org/payments/issues',
    };
    const result = await bed.run(inputs());
    expect(result.issue).toEqual({ number: latest.number, url: latest.url });
    expect(tracker.issues.map((issue) => issue.comments.length)).toEqual([0, 1, 0]);
    const [comment] = latest.comments;
    expect(comment.body).toContain('rolled back to the previous certificate');
    expect(comment.body).toContain(new X509Certificate(previous.certPem).serialNumber);
    expect(comment.body).toContain(iso(previous.certPem));
    expect(comment.body).not.toContain('BEGIN');
    for (const pem of [previous.certPem, current.certPem])
      expect(comment.body).not.toContain(pem.split('\n')[1]);
  });
});
