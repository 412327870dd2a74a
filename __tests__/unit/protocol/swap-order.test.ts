// The order of the credential writes, seen by a reader between every two of them (a deploy job that starts
// then): promote and rollback each leave one matching, valid pair, current or previous, at every step. The
// memory store holds each write until the test has looked at what is stored.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { choosePair } from '../../../src/domain/pair.js';
import { asPem } from '../../support/e2e.js';
import { CERT, CERT_PREVIOUS, CSR, KEY, PENDING, PREVIOUS, spkiSha256 } from '../../support/fixtures.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { held } from '../../support/memory/held.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import type { MemoryStore } from '../../support/memory/store.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

const SUBJECT = '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU';
const b64 = (text: string) => Buffer.from(text).toString('base64');

let ca: TestCa;
let pairs: KeyPair[];
/** The credential a promote installs, the one it replaces, and the one kept before that. */
let fresh: { keyPem: string; certPem: string };
let old: { keyPem: string; certPem: string };
let older: { keyPem: string; certPem: string };
let bed: ProtocolBed;

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(3, SUBJECT);
  const sign = (pair: KeyPair) => ca.signCsr(pair.csrPem, { days: 200 });
  [fresh, old, older] = await Promise.all(
    pairs.map(async (pair) => ({ keyPem: pair.keyPem, certPem: await sign(pair) })),
  );
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
  bed.store.secrets.set(KEY, b64(old.keyPem));
  bed.store.variables.set(CERT, b64(old.certPem));
  bed.store.secrets.set(PREVIOUS, b64(older.keyPem));
  bed.store.variables.set(CERT_PREVIOUS, b64(older.certPem));
  bed.store.secrets.set(PENDING, b64(fresh.keyPem));
  bed.store.variables.set(CSR, pairs[0].csrPem);
});
afterEach(() => bed.dispose());

/** What a reader (mode: export) finds: the first matching, valid pair, and whose public key it is. */
function readerFinds(store: MemoryStore): string {
  const usable = (key: string | undefined, cert: string | undefined) => {
    const [keyPem, certPem] = [asPem(key ?? ''), asPem(cert ?? '')];
    if (keyPem === undefined || certPem === undefined || spkiSha256(keyPem) !== spkiSha256(certPem))
      return undefined;
    const x509 = new X509Certificate(certPem);
    const now = Date.now();
    return now >= Date.parse(x509.validFrom) && now <= Date.parse(x509.validTo) ? name(certPem) : undefined;
  };
  const current = usable(store.secretValue(KEY), store.variables.get(CERT));
  const previous = usable(store.secretValue(PREVIOUS), store.variables.get(CERT_PREVIOUS));
  const found =
    current !== undefined
      ? `current ${current}`
      : previous === undefined
        ? 'nothing'
        : `previous ${previous}`;
  // export's own rule (domain/pair.ts) must agree with this independent reader at every step.
  expect(exportFinds(store)).toBe(found);
  return found;
}

function exportFinds(store: MemoryStore): string {
  const pairOf = (key: string | undefined, cert: string | undefined) => {
    const [keyPem, certificatePem] = [asPem(key ?? ''), asPem(cert ?? '')];
    return keyPem === undefined || certificatePem === undefined ? undefined : { keyPem, certificatePem };
  };
  const current = pairOf(store.secretValue(KEY), store.variables.get(CERT));
  if (current === undefined) return 'nothing';
  const choice = choosePair(
    current,
    pairOf(store.secretValue(PREVIOUS), store.variables.get(CERT_PREVIOUS)),
    new Date(),
  );
  return choice.kind === 'none' ? 'nothing' : `${choice.kind} ${name(choice.pair.certificatePem)}`;
}

function name(certPem: string): string {
  const hash = spkiSha256(certPem);
  if (hash === spkiSha256(fresh.certPem)) return 'fresh';
  if (hash === spkiSha256(old.certPem)) return 'old';
  return hash === spkiSha256(older.certPem) ? 'older' : 'unknown';
}

/** Holds each of `writes` (store calls, in the order the run makes them) and asks the reader before each. */
async function readersBetween(writes: string[], run: () => Promise<unknown>): Promise<string[]> {
  const gates = writes.map((call) => {
    const gate = held();
    bed.store.holdOn(call, gate.until);
    return { call, gate, arrived: bed.store.arrival(call) };
  });
  const running = run();
  const seen: string[] = [];
  for (const { call, gate, arrived } of gates) {
    await arrived;
    seen.push(`before ${call}: ${readerFinds(bed.store)}`);
    gate.release();
  }
  await running;
  seen.push(`after: ${readerFinds(bed.store)}`);
  return seen;
}

const promoteInputs = () => ({
  mode: 'promote',
  certificate: fresh.certPem,
  'pending-private-key': fresh.keyPem,
  'current-private-key': old.keyPem,
});

describe('a reader between every two writes', () => {
  it('of a promote finds a matching pair', async () => {
    expect(readerFinds(bed.store)).toBe('current old');
    const seen = await readersBetween(
      [
        `putSecret ${PREVIOUS}`,
        `setVariable ${CERT_PREVIOUS}`,
        `putSecret ${KEY}`,
        `setVariable ${CERT}`,
        `deleteSecret ${PENDING}`,
        `deleteVariable ${CSR}`,
      ],
      () => bed.run(promoteInputs()),
    );
    expect(seen).toEqual([
      `before putSecret ${PREVIOUS}: current old`,
      `before setVariable ${CERT_PREVIOUS}: current old`,
      `before putSecret ${KEY}: current old`,
      // The new key with the old certificate: the _PREVIOUS pair, written first, is the old one.
      `before setVariable ${CERT}: previous old`,
      `before deleteSecret ${PENDING}: current fresh`,
      `before deleteVariable ${CSR}: current fresh`,
      'after: current fresh',
    ]);
  });

  it('of a rollback finds a matching pair, and so does one of the rollback rolled back', async () => {
    await bed.run(promoteInputs());
    const rollback = (current: string, previous: string) => () =>
      bed.run({ mode: 'rollback', 'current-private-key': current, 'previous-private-key': previous });
    const writes = [
      `putSecret ${PREVIOUS}`,
      `setVariable ${CERT_PREVIOUS}`,
      `putSecret ${KEY}`,
      `setVariable ${CERT}`,
    ];
    expect(await readersBetween(writes, rollback(fresh.keyPem, old.keyPem))).toEqual([
      `before putSecret ${PREVIOUS}: current fresh`,
      `before setVariable ${CERT_PREVIOUS}: current fresh`,
      `before putSecret ${KEY}: current fresh`,
      `before setVariable ${CERT}: previous fresh`,
      'after: current old',
    ]);
    expect(await readersBetween(writes, rollback(old.keyPem, fresh.keyPem))).toEqual([
      `before putSecret ${PREVIOUS}: current old`,
      `before setVariable ${CERT_PREVIOUS}: current old`,
      `before putSecret ${KEY}: current old`,
      `before setVariable ${CERT}: previous old`,
      'after: current fresh',
    ]);
    // Only the four swaps were written; the stored pairs are exactly the promote's again.
    expect(bed.store.secretValue(KEY)).toBe(b64(fresh.keyPem));
    expect(bed.store.secretValue(PREVIOUS)).toBe(b64(old.keyPem));
    expect(bed.store.variables.get(CERT_PREVIOUS)).toBe(b64(old.certPem));
  });
});
