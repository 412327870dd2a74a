// request over in-memory ports: due decisions, write order, masking, dry run.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, createPublicKey } from 'node:crypto';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, DAY_MS, type TestCa } from '../../support/test-ca.js';
import { requiredMaskForms } from './key-forms.js';

const CERT = 'MANGOPAY_MTLS_CERT';
const CSR = 'MANGOPAY_MTLS_CSR';
const PENDING = 'MANGOPAY_MTLS_KEY_PENDING';

let ca: TestCa;
let pairs: KeyPair[];
let installed: { notAfter: Date; pem: string };
let bed: ProtocolBed;

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(3);
  const notAfter = new Date(Math.floor((Date.now() + 40 * DAY_MS) / 1000) * 1000);
  installed = { notAfter, pem: await ca.signCsr(pairs[2].csrPem, { notAfter }) };
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

const spkiHash = (pem: string) =>
  createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');

describe('request with nothing stored', () => {
  it('stores the pending key, then the CSR, then confirms beside publishing', async () => {
    const result = await bed.run({});
    expect(result.state).toBe('requested');
    expect(bed.events.storeCalls()).toEqual([
      `readVariables`,
      'sealSecret',
      `putSecret ${PENDING}`,
      `setVariable ${CSR}`,
      `putSecret ${PENDING}`,
      `getVariable ${CSR}`,
    ]);
    expect(bed.publisher.published).toEqual([
      {
        name: 'mangopay-mtls-csr-sandbox',
        fileName: 'acme-sandbox.csr',
        content: pairs[0].csrPem,
        retentionDays: 30,
      },
    ]);
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
    const stored = Buffer.from(bed.store.secretValue(PENDING) ?? '', 'base64').toString();
    expect(spkiHash(stored)).toBe(spkiHash(pairs[0].keyPem));
    expect(result.writes).toEqual([
      `secret ${PENDING}`,
      `variable ${CSR}`,
      'artifact mangopay-mtls-csr-sandbox',
    ]);
    expect(bed.keys.made).toEqual([
      {
        keyType: 'rsa-2048',
        subject: [
          ['CN', 'acme.sandbox.mangopay.com'],
          ['O', 'Mangopay'],
          ['C', 'LU'],
        ],
      },
    ]);
  });

  it('masks every form of the new key before anything else sees it', async () => {
    await bed.run({});
    const forms = requiredMaskForms(pairs[0].keyPem);
    const masked = bed.events.masked();
    for (const form of forms) expect(masked).toContain(form);
    // The key reached the store (sealSecret gets the stored form) only after every form was masked.
    const exposures = forms.map((form) => bed.events.firstExposure(form)).filter((index) => index >= 0);
    expect(exposures.length).toBeGreaterThan(0);
    const lastMask = Math.max(...forms.map((form) => bed.events.firstMask(form)));
    expect(lastMask).toBeLessThan(Math.min(...exposures));
  });

  it('stores PEM when key-format is pem', async () => {
    await bed.run({ 'key-format': 'pem', 'key-type': 'rsa-3072' });
    expect(bed.store.secretValue(PENDING)).toBe(pairs[0].keyPem);
    expect(bed.keys.made[0].keyType).toBe('rsa-3072');
  });

  it('a dry run makes and seals but writes and publishes nothing', async () => {
    const result = await bed.run({ 'dry-run': 'true' });
    expect(result).toMatchObject({ state: 'requested', dryRun: true });
    expect(result.writes).toEqual([
      `secret ${PENDING}`,
      `variable ${CSR}`,
      'artifact mangopay-mtls-csr-sandbox',
    ]);
    expect(bed.store.snapshot()).toEqual({ secrets: {}, variables: {} });
    expect(bed.publisher.published).toHaveLength(0);
  });
});

describe('request with a certificate installed', () => {
  const install = () => bed.store.variables.set(CERT, Buffer.from(installed.pem).toString('base64'));

  it('is not due one day before the window, with dueFrom exactly renew-before-days before notAfter', async () => {
    install();
    // 40 days left (minus a second): renew-before-days 38 leaves 39 whole days > 38.
    const result = await bed.run({ 'renew-before-days': '38' });
    if (result.state !== 'not-due') throw new Error(`expected not-due, got ${result.state}`);
    expect(result.current.daysRemaining).toBe(39);
    expect(result.current.dueFrom.getTime()).toBe(installed.notAfter.getTime() - 38 * DAY_MS);
    expect(bed.events.storeCalls()).toEqual(['readVariables']);
    // The key started before the state read is dropped unseen (early-key.test.ts holds it to see it stopped).
    expect(bed.keys.made).toHaveLength(1);
    expect(bed.events.masked()).toEqual([]);
    expect(bed.publisher.prepared).toBe(0);
  });

  it('is due on the first day of the window', async () => {
    install();
    const result = await bed.run({ 'renew-before-days': '39' });
    expect(result.state).toBe('requested');
  });

  it('force makes a new request even when not due', async () => {
    install();
    expect((await bed.run({ force: 'true' })).state).toBe('requested');
  });
});

describe('request while a request is pending', () => {
  it('publishes the stored CSR again and uses no new key', async () => {
    bed.store.variables.set(CSR, pairs[1].csrPem);
    const result = await bed.run({});
    if (result.state !== 'pending') throw new Error(`expected pending, got ${result.state}`);
    expect(result.csr.publicKeySha256).toBe(spkiHash(pairs[1].keyPem));
    expect(bed.keys.made).toHaveLength(1); // started early, dropped unseen
    expect(bed.events.masked()).toEqual([]);
    expect(bed.events.storeCalls()).toEqual(['readVariables']);
    expect(bed.publisher.published.map((artifact) => artifact.content)).toEqual([pairs[1].csrPem]);
  });

  it('force replaces the pending request', async () => {
    bed.store.variables.set(CSR, pairs[1].csrPem);
    expect((await bed.run({ force: 'true' })).state).toBe('requested');
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
  });
});
