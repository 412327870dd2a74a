// A custom `subject` over in-memory ports: request asks the key maker for exactly that subject; promote
// expects its first CN (and checks no CN when the subject has none).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

const CSR = 'MANGOPAY_MTLS_CSR';
const SUBJECT = 'C = FR, O=Example SA ,cn=api-client, OU=a, ou=b';
// A client id longer than Mangopay's CN allows: with a subject it only names the credential.
const CLIENT_ID = `partner-${'x'.repeat(50)}`;

let ca: TestCa;
let pairs: KeyPair[];
let issued: string;
let bed: ProtocolBed;

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(1, '/C=FR/O=Example SA/CN=api-client/OU=a/OU=b');
  issued = await ca.signCsr(pairs[0].csrPem, { days: 365 });
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

describe('request with subject', () => {
  it('makes the key and CSR for exactly that subject, in order, and names the file after client-id', async () => {
    const result = await bed.run({ 'client-id': CLIENT_ID, subject: SUBJECT, 'key-type': 'ec-p256' });
    expect(result.state).toBe('requested');
    expect(bed.keys.made).toEqual([
      {
        keyType: 'ec-p256',
        subject: [
          ['C', 'FR'],
          ['O', 'Example SA'],
          ['CN', 'api-client'],
          ['OU', 'a'],
          ['OU', 'b'],
        ],
      },
    ]);
    expect(bed.publisher.published.map((item) => item.fileName)).toEqual([`${CLIENT_ID}-sandbox.csr`]);
    const logged = bed.events.events.flatMap((event) => (event.port === 'log' ? [event.text] : []));
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ and a CSR for C=FR, O=Example SA, CN=api-client, OU=a, OU=b\.$/),
      ]),
    );
  });

  it('refuses a bad subject before any port is used', () => {
    // Settings are read when the run starts, so the refusal is thrown before any port.
    expect(() => bed.run({ subject: 'CN=a,E=x@example.com' })).toThrow(
      /^Input 'subject': attribute 2: "E" is not an attribute type/,
    );
    expect(bed.events.events.filter((event) => event.port !== 'mask')).toEqual([]);
    expect(bed.keys.made).toEqual([]);
  });
});

describe('promote with subject', () => {
  beforeEach(() => {
    bed.store.variables.set(CSR, pairs[0].csrPem);
  });
  const promote = (subject: string) =>
    bed.run({
      mode: 'promote',
      'client-id': CLIENT_ID,
      subject,
      certificate: issued,
      'pending-private-key': pairs[0].keyPem,
    });

  it('expects the subject’s CN: no warning when the certificate has it', async () => {
    const result = await promote(SUBJECT);
    expect(result.state).toBe('promoted');
    expect(result.warnings).toEqual([]);
  });

  it('warns when the certificate’s CN is not the subject’s first CN', async () => {
    const result = await promote('CN=other-client,CN=api-client,O=Example SA');
    expect(result.state).toBe('promoted');
    expect(result.warnings).toEqual(["The certificate's CN is api-client, expected other-client."]);
  });

  it('checks no CN when the subject has none', async () => {
    const result = await promote('O=Example SA,C=FR');
    expect(result.state).toBe('promoted');
    expect(result.warnings).toEqual([]);
  });
});
