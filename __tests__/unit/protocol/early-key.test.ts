// request makes its key before it reads the stored state (src/modes/early-key.ts), each order made explicit
// with holds: OpenSSL is under way while the read is held; an unused key is dropped unseen and the run ends
// only after it; a failure of the unused key does not fail the run; slow key types wait for the decision.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { makesKeyEarly } from '../../../src/modes/early-key.js';
import { KEY_TYPES } from '../../../src/types.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

const CERT = 'MANGOPAY_MTLS_CERT';
const CSR = 'MANGOPAY_MTLS_CSR';
const PENDING = 'MANGOPAY_MTLS_KEY_PENDING';
const DAY_MS = 86_400_000;

let ca: TestCa;
let pairs: KeyPair[];
let notDueCertificate: string;
let bed: ProtocolBed;

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(2);
  notDueCertificate = await ca.signCsr(pairs[1].csrPem, { notAfter: new Date(Date.now() + 200 * DAY_MS) });
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

function held(): { until: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const until = new Promise<void>((resolve) => (release = resolve));
  return { until, release };
}

const installNotDue = () => bed.store.variables.set(CERT, Buffer.from(notDueCertificate).toString('base64'));
/** Lets every callback that is not waiting on a hold run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('which key types are made early', () => {
  it('RSA 2048 and both EC curves; RSA 3072 and 4096 (seconds of work) wait for the decision', () => {
    expect(KEY_TYPES.filter(makesKeyEarly)).toEqual([
      'rsa-2048',
      'ec-p256',
      'ec-p384',
    ]);
  });
});

describe('request: the key made before the state read', () => {
  it('is under way while the stored state is still being read, and is the key stored', async () => {
    const read = held();
    bed.store.holdOn('readVariables', read.until);
    const reached = bed.store.arrival('readVariables');
    const running = bed.run({});
    await reached;
    expect(bed.keys.made).toHaveLength(1);
    read.release();
    expect((await running).state).toBe('requested');
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
  });

  it('for rsa-4096, is made only after the state read says a request is due', async () => {
    const read = held();
    bed.store.holdOn('readVariables', read.until);
    const reached = bed.store.arrival('readVariables');
    const running = bed.run({ 'key-type': 'rsa-4096' });
    await reached;
    await settle();
    expect(bed.keys.made).toHaveLength(0);
    read.release();
    expect((await running).state).toBe('requested');
    expect(bed.keys.made.map((made) => made.keyType)).toEqual(['rsa-4096']);
  });

  it('for rsa-4096 not due, is never made', async () => {
    installNotDue();
    expect((await bed.run({ 'key-type': 'rsa-4096' })).state).toBe('not-due');
    expect(bed.keys.made).toHaveLength(0);
  });

  it('when not needed, the run ends only once OpenSSL has finished with it', async () => {
    installNotDue();
    const key = held();
    bed.keys.holdNext(key.until);
    let ended = false;
    const running = bed.run({}).finally(() => (ended = true));
    await settle();
    const logged = bed.events.events.flatMap((event) => (event.port === 'log' ? [event.text] : []));
    expect(logged).toEqual(expect.arrayContaining([expect.stringMatching(/^Not due: /)]));
    expect(ended).toBe(false);
    key.release();
    expect((await running).state).toBe('not-due');
    expect(bed.events.masked()).toEqual([]);
  });

  it('when not needed, its failure does not fail the run', async () => {
    const empty = await startProtocolBed([]);
    try {
      empty.store.variables.set(CERT, Buffer.from(notDueCertificate).toString('base64'));
      // (Jest keeps unhandled rejections from the test; e2e/request.test.ts "not due" runs this case through
      // the bundle, where one would end Node 24 with a stack trace.)
      const read = held();
      empty.store.holdOn('readVariables', read.until);
      const running = empty.run({});
      await settle();
      read.release();
      expect((await running).state).toBe('not-due');
      expect(empty.events.storeCalls()).toEqual(['readVariables']);
    } finally {
      await empty.dispose();
    }
  });

  it('when needed, its failure fails the run before anything is written', async () => {
    const empty = await startProtocolBed([]);
    try {
      await expect(empty.run({})).rejects.toThrow('the key pool is empty');
      expect(empty.events.storeCalls()).toEqual(['readVariables']);
      expect(empty.store.secretValue(PENDING)).toBeUndefined();
      expect(empty.publisher.published).toHaveLength(0);
    } finally {
      await empty.dispose();
    }
  });
});
