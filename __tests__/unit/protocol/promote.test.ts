// promote over in-memory ports: every refusal writes nothing; the install order; repeated promotes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { RefusedError } from '../../../src/domain/errors.js';
import { refusalOf, startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, DAY_MS, type TestCa } from '../../support/test-ca.js';
import { requiredMaskForms } from './key-forms.js';
import { CERT, CERT_PREVIOUS, CSR, KEY, PENDING, PREVIOUS } from '../../support/fixtures.js';

const SUBJECT = '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU';

let ca: TestCa;
let pairs: KeyPair[];
let issued: string;
let old: { keyPem: string; certPem: string };
let bed: ProtocolBed;
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(3, SUBJECT);
  issued = await ca.signCsr(pairs[0].csrPem, { days: 365 });
  old = { keyPem: pairs[2].keyPem, certPem: await ca.signCsr(pairs[2].csrPem, { days: 10 }) };
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
  // A live credential and a pending request for pairs[0].
  bed.store.variables.set(CERT, b64(old.certPem));
  bed.store.variables.set(CSR, pairs[0].csrPem);
});
afterEach(() => bed.dispose());

const inputs = (extra: Record<string, string> = {}) => ({
  mode: 'promote',
  certificate: issued,
  'pending-private-key': pairs[0].keyPem,
  'current-private-key': old.keyPem,
  ...extra,
});

/** Refused with nothing written: reads and sealing only. */
async function refusal(run: Promise<unknown>): Promise<string> {
  const { message, calls } = await refusalOf(bed, run);
  expect(calls.filter((call) => !/^(readVariables|getVariable|sealSecret)/.test(call))).toEqual([]);
  return message;
}

describe('promote', () => {
  it('installs in the contract order and keeps the old credential', async () => {
    const result = await bed.run(inputs());
    expect(result.state).toBe('promoted');
    expect(bed.events.storeCalls().filter((call) => !/^(readVariables|sealSecret)/.test(call))).toEqual([
      `putSecret ${PREVIOUS}`,
      `setVariable ${CERT_PREVIOUS}`,
      `putSecret ${KEY}`,
      `setVariable ${CERT}`,
      `deleteSecret ${PENDING}`,
      `deleteVariable ${CSR}`,
    ]);
    expect(bed.store.secretValue(KEY)).toBe(b64(pairs[0].keyPem));
    expect(bed.store.secretValue(PREVIOUS)).toBe(b64(old.keyPem));
    expect(bed.store.variables.get(CERT)).toBe(b64(issued));
    expect(bed.store.variables.get(CERT_PREVIOUS)).toBe(b64(old.certPem));
    expect(bed.store.variables.has(CSR)).toBe(false);
  });

  it('warns that the previous pair is incomplete when the old certificate is kept without its key', async () => {
    const result = await bed.run(inputs({ 'current-private-key': '' }));
    expect(result.state).toBe('promoted');
    expect(bed.store.variables.get(CERT_PREVIOUS)).toBe(b64(old.certPem));
    expect(bed.store.secrets.has(PREVIOUS)).toBe(false);
    expect(result.warnings).toEqual([
      expect.stringContaining(`current-private-key was not given: variable ${CERT_PREVIOUS} keeps`),
    ]);
    // Given the key, both halves are kept and nothing is said.
    bed.store.variables.set(CSR, pairs[1].csrPem);
    const next = await ca.signCsr(pairs[1].csrPem, { days: 365 });
    const whole = await bed.run({
      mode: 'promote',
      certificate: next,
      'pending-private-key': pairs[1].keyPem,
      'current-private-key': pairs[0].keyPem,
    });
    expect(whole.warnings).toEqual([]);
  });

  it('masks every form of both keys before anything else sees them', async () => {
    await bed.run(inputs());
    const masked = bed.events.masked();
    for (const form of [...requiredMaskForms(pairs[0].keyPem), ...requiredMaskForms(old.keyPem)])
      expect(masked).toContain(form);
  });

  it('refuses a certificate issued for another key', async () => {
    const other = await ca.signCsr(pairs[1].csrPem, { days: 365 });
    expect(await refusal(bed.run(inputs({ certificate: other })))).toMatch(
      /was not issued for the pending key/,
    );
  });

  it('refuses a pending key that does not belong to the pending CSR', async () => {
    bed.store.variables.set(CSR, pairs[1].csrPem);
    expect(await refusal(bed.run(inputs()))).toMatch(/does not belong to the pending CSR/);
  });

  it('refuses a certificate outside its validity window', async () => {
    bed.now = new Date(Date.now() + 400 * DAY_MS);
    expect(await refusal(bed.run(inputs()))).toMatch(/^The certificate expired on /);
    bed.now = new Date(Date.now() - 2 * DAY_MS);
    expect(await refusal(bed.run(inputs()))).toMatch(/^The certificate is not valid yet/);
  });

  it('refuses when the live handshake fails, before writing', async () => {
    bed.tls.answer = () => Promise.reject(new RefusedError('TLS alert: unknown ca'));
    expect(await refusal(bed.run(inputs({ 'verify-url': 'https://api-mtls.example/' })))).toBe(
      'TLS alert: unknown ca',
    );
    expect(bed.tls.calls.map(String)).toEqual(['https://api-mtls.example/']);
  });

  it('warns on an HTTP refusal after a good handshake, and on an unexpected CN', async () => {
    bed.tls.answer = () => Promise.resolve({ status: 403 });
    const result = await bed.run(inputs({ 'verify-url': 'https://api-mtls.example/', 'client-id': 'other' }));
    expect(result.warnings).toEqual([
      "The certificate's CN is acme.sandbox.mangopay.com, expected other.sandbox.mangopay.com.",
      expect.stringContaining('the server answered HTTP 403'),
    ]);
  });

  it('a dry run verifies and seals but writes nothing', async () => {
    const before = bed.store.snapshot();
    const result = await bed.run(inputs({ 'dry-run': 'true' }));
    expect(result.writes).toEqual([
      `secret ${PREVIOUS}`,
      `variable ${CERT_PREVIOUS}`,
      `secret ${KEY}`,
      `variable ${CERT}`,
      `delete secret ${PENDING}`,
      `delete variable ${CSR}`,
    ]);
    expect(bed.store.snapshot()).toEqual(before);
  });
});

describe('promote stopped part-way', () => {
  it.each([
    [
      `setVariable ${CERT}`,
      /Done: secret \S+, variable \S+, secret MANGOPAY_MTLS_KEY\. .*WARNING: secret MANGOPAY_MTLS_KEY already holds the NEW key/,
    ],
    [`deleteSecret ${PENDING}`, /Not done: delete secret \S+, delete variable \S+\. Run promote again/],
    [`deleteVariable ${CSR}`, /only clean-up is left: delete variable MANGOPAY_MTLS_CSR/],
    [`putSecret ${PREVIOUS}`, /Nothing was written\. Not done: secret MANGOPAY_MTLS_KEY_PREVIOUS/],
  ])('at %s says what is stored', async (call, message) => {
    bed.store.failOn(call, new Error('GitHub answered 502'));
    const outcome = await bed.run(inputs()).then(
      () => new Error('expected a failure'),
      (error: unknown) => error,
    );
    expect(outcome instanceof Error ? outcome.message : '').toMatch(
      /^Promotion stopped: GitHub answered 502\./,
    );
    expect(outcome instanceof Error ? outcome.message : '').toMatch(message);
  });

  it('a repeated promote finishes the job and keeps the _PREVIOUS copies', async () => {
    bed.store.failOn(`deleteSecret ${PENDING}`);
    await bed.run(inputs()).catch(() => undefined);
    // The second run is given the new key as current, as a workflow reading secrets.MANGOPAY_MTLS_KEY would be.
    await bed.run(inputs({ 'current-private-key': pairs[0].keyPem }));
    expect(bed.store.secretValue(PREVIOUS)).toBe(b64(old.keyPem));
    expect(bed.store.variables.get(CERT_PREVIOUS)).toBe(b64(old.certPem));
    expect(bed.store.variables.has(CSR)).toBe(false);
    expect(bed.store.secrets.has(PENDING)).toBe(false);
  });
});
