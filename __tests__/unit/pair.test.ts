// The pair rule (src/domain/pair.ts), pure: which of current and previous a reader may use, and why not.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { checkPair, choosePair, type CredentialPair } from '../../src/domain/pair.js';
import { issuedCredential, spkiSha256 } from '../support/fixtures.js';
import { createTestCa, DAY_MS, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let a: CredentialPair;
let b: CredentialPair;
const now = new Date();
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString().replace('.000Z', 'Z');
const pair = (credential: { keyPem: string; certPem: string }) => ({
  keyPem: credential.keyPem,
  certificatePem: credential.certPem,
});

beforeAll(async () => {
  ca = await createTestCa();
  a = pair(await issuedCredential(ca, { daysLeft: 100 }));
  b = pair(await issuedCredential(ca, { daysLeft: 50 }));
});
afterAll(() => ca.dispose());

describe('checkPair', () => {
  it('is usable when the key is the certificate’s and the certificate is valid now', () => {
    expect(checkPair(a, now)).toMatchObject({
      kind: 'usable',
      info: { publicKeySha256: spkiSha256(a.certificatePem) },
    });
  });

  it('names both public keys when they differ', () => {
    expect(checkPair({ keyPem: a.keyPem, certificatePem: b.certificatePem }, now)).toEqual({
      kind: 'mismatch',
      keySha256: spkiSha256(a.keyPem),
      certificateSha256: spkiSha256(b.certificatePem),
    });
  });

  it('is expired after notAfter and not yet valid before notBefore', () => {
    expect(checkPair(a, new Date(now.getTime() + 101 * DAY_MS))).toEqual({
      kind: 'expired',
      notAfter: new Date(iso(a.certificatePem)),
    });
    expect(checkPair(a, new Date(now.getTime() - 31 * DAY_MS))).toMatchObject({ kind: 'not-yet-valid' });
  });
});

describe('choosePair', () => {
  it('hands out the current pair when it is usable, whatever the previous one is', () => {
    expect(choosePair(a, { keyPem: b.keyPem, certificatePem: a.certificatePem }, now)).toMatchObject({
      kind: 'current',
      pair: a,
    });
  });

  it('falls back to the previous pair, saying what is wrong with the current one', () => {
    const torn = { keyPem: a.keyPem, certificatePem: b.certificatePem };
    expect(choosePair(torn, b, now)).toMatchObject({
      kind: 'previous',
      pair: b,
      problem: { kind: 'mismatch' },
    });
    const later = new Date(now.getTime() + 60 * DAY_MS);
    expect(choosePair(b, a, later)).toMatchObject({
      kind: 'previous',
      pair: a,
      problem: { kind: 'expired' },
    });
  });

  it('refuses when neither is usable, naming what disagrees and the expiry date', () => {
    const later = new Date(now.getTime() + 60 * DAY_MS);
    const torn = { keyPem: a.keyPem, certificatePem: b.certificatePem };
    expect(choosePair(torn, b, later)).toEqual({
      kind: 'none',
      message:
        `No usable credential: the current key (public key SHA-256 ${spkiSha256(a.keyPem)}) does not match the ` +
        `current certificate (public key SHA-256 ${spkiSha256(b.certificatePem)}); the previous certificate ` +
        `expired on ${iso(b.certificatePem)}.`,
    });
    expect(choosePair(b, undefined, later)).toEqual({
      kind: 'none',
      message: `No usable credential: the current certificate expired on ${iso(b.certificatePem)}, and no previous pair was given.`,
    });
  });
});
