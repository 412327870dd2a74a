// Issuer continuity on every promote: a certificate from another CA than the installed one's is refused
// unless allow-new-issuer is true; the first rotation has nothing to compare with.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { RefusedError } from '../../../src/domain/errors.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

const CERT = 'MANGOPAY_MTLS_CERT';
const SUBJECT = '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU';
let mangopayCa: TestCa;
let otherCa: TestCa;
let pairs: KeyPair[];
let installed: string;
let fromOtherCa: string;
let fromSameCa: string;
let bed: ProtocolBed;

beforeAll(async () => {
  [mangopayCa, otherCa] = await Promise.all([
    createTestCa({ commonName: 'Mangopay Client CA' }),
    createTestCa({ commonName: 'Some Public CA' }),
  ]);
  pairs = await makePairs(2, SUBJECT);
  installed = await mangopayCa.signCsr(pairs[1].csrPem, { days: 20 });
  fromOtherCa = await otherCa.signCsr(pairs[0].csrPem, { days: 365 });
  fromSameCa = await mangopayCa.signCsr(pairs[0].csrPem, { days: 365 });
});
afterAll(async () => {
  await Promise.all([mangopayCa.dispose(), otherCa.dispose()]);
});
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

const promote = (certificate: string, extra: Record<string, string> = {}) =>
  bed.run({ mode: 'promote', certificate, 'pending-private-key': pairs[0].keyPem, ...extra });

describe('issuer continuity', () => {
  it('refuses a certificate from another CA than the installed one, naming both, writing nothing', async () => {
    bed.store.variables.set(CERT, installed);
    const before = bed.store.snapshot();
    const error = await promote(fromOtherCa).then(
      () => new Error('expected a refusal'),
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(RefusedError);
    expect(error instanceof Error ? error.message : '').toBe(
      'The certificate was issued by "CN=Some Public CA, O=Test", but the installed certificate was issued by ' +
        '"CN=Mangopay Client CA, O=Test". Set allow-new-issuer: true if the provider changed its CA. Nothing was written.',
    );
    expect(bed.store.snapshot()).toEqual(before);
  });

  it('accepts it with allow-new-issuer: true', async () => {
    bed.store.variables.set(CERT, installed);
    expect((await promote(fromOtherCa, { 'allow-new-issuer': 'true' })).state).toBe('promoted');
  });

  it('accepts the same issuer, and any issuer on the first rotation', async () => {
    bed.store.variables.set(CERT, installed);
    expect((await promote(fromSameCa)).state).toBe('promoted');
    bed.store.variables.delete(CERT);
    expect((await promote(fromOtherCa)).state).toBe('promoted');
  });
});
