// request makes its key before it reads the stored state (src/protocol/modes/early-key.ts), each order made explicit
// with holds: OpenSSL is under way while the read is held; a key not needed (not due, pending) is stopped,
// dropped unseen, and the run ends only after OpenSSL did; its failure does not fail the run.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { held, settle } from '../../support/memory/held.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import type { RawInputs } from '../../support/read-inputs.js';
import { createTestCa, DAY_MS, type TestCa } from '../../support/test-ca.js';

const CERT = 'MANGOPAY_MTLS_CERT';
const CSR = 'MANGOPAY_MTLS_CSR';
const PENDING = 'MANGOPAY_MTLS_KEY_PENDING';

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

const installNotDue = () => bed.store.variables.set(CERT, Buffer.from(notDueCertificate).toString('base64'));

/**
 * Runs `inputs` while OpenSSL is still making the key (held), and says how that key ended right after the run
 * logged `decision`, the line written beside the stop: stopped, or still running. Then it lets OpenSSL finish
 * in any case, so a stop that does not work fails the test at once instead of hanging the run.
 */
async function runWithKeyUnderway(inputs: RawInputs, decision: RegExp) {
  const key = held();
  const { ended } = bed.keys.holdNext(key.until);
  const running = bed.run(inputs);
  // (A run that takes the key instead says so too: the stop check below then fails at once.)
  await Promise.race([bed.events.logged(decision), bed.events.logged(/^Generate key and CSR/), running]);
  // The stop ends the held key in the same turn of the event loop; what has not ended by the next has not
  // been stopped.
  const stop = await Promise.race([ended, settle().then(() => 'still running')]);
  key.release();
  return { stop, result: await running };
}

function holdStateRead(): Promise<() => void> {
  const read = held();
  bed.store.holdOn('readVariables', read.until);
  const reached = bed.store.arrival('readVariables');
  return reached.then(() => read.release);
}

describe('request: the key made before the state read', () => {
  it('with force, is under way while the stored state is still being read, and is the key stored', async () => {
    const holding = holdStateRead();
    const running = bed.run({ force: 'true' });
    const release = await holding;
    expect(bed.keys.made).toHaveLength(1);
    release();
    expect((await running).state).toBe('requested');
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
  });

  it('for rsa-2048 without force too: every key starts before the state read is answered', async () => {
    const holding = holdStateRead();
    const running = bed.run({});
    const release = await holding;
    expect(bed.keys.made.map((made) => made.keyType)).toEqual(['rsa-2048']);
    release();
    expect((await running).state).toBe('requested');
    expect(bed.keys.made).toHaveLength(1);
    expect(bed.keys.stopped).toBe(0);
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
  });

  it('not due: is stopped as soon as that is known, dropped unseen; the run ends only once OpenSSL has', async () => {
    installNotDue();
    const { stop, result } = await runWithKeyUnderway({}, /^Not due: /);
    expect(stop).toBe('stopped');
    expect(result.state).toBe('not-due');
    expect(bed.keys.made).toHaveLength(1);
    expect(bed.keys.stopped).toBe(1);
    expect(bed.events.masked()).toEqual([]);
    for (const line of pairs[0].keyPem.split('\n').filter((l) => l.length > 40)) {
      expect(bed.events.firstExposure(line)).toBe(-1);
    }
    expect(bed.events.storeCalls()).toEqual(['readVariables']);
  });

  it('not due before OpenSSL even started: the run still ends only once OpenSSL has', async () => {
    installNotDue();
    const spawn = held();
    bed.keys.holdSpawn(spawn.until);
    let ended = false;
    const running = bed.run({}).finally(() => (ended = true));
    await settle();
    const logged = bed.events.events.flatMap((event) => (event.port === 'log' ? [event.text] : []));
    expect(logged).toEqual(expect.arrayContaining([expect.stringMatching(/^Not due: /)]));
    expect(ended).toBe(false);
    spawn.release();
    expect((await running).state).toBe('not-due');
    expect(bed.keys.stopped).toBe(1);
    expect(bed.events.masked()).toEqual([]);
  });

  it('pending: publishes the stored CSR again and stops the key made early', async () => {
    bed.store.variables.set(CSR, pairs[1].csrPem);
    const { stop, result } = await runWithKeyUnderway({}, /^Not making a new key: a request is pending/);
    expect(stop).toBe('stopped');
    expect(result.state).toBe('pending');
    expect(bed.keys.made).toHaveLength(1);
    expect(bed.keys.stopped).toBe(1);
    expect(bed.events.masked()).toEqual([]);
    expect(bed.store.variables.get(CSR)).toBe(pairs[1].csrPem);
    expect(bed.publisher.published.map((artifact) => artifact.content)).toEqual([pairs[1].csrPem]);
  });

  it('when not needed, its failure does not fail the run', async () => {
    const empty = await startProtocolBed([]);
    try {
      empty.store.variables.set(CERT, Buffer.from(notDueCertificate).toString('base64'));
      // (Jest keeps unhandled rejections from the test; e2e/request.test.ts "not due" runs this case through
      // the bundle, where one would end Node 24 with a stack trace.)
      const read = held();
      empty.store.holdOn('readVariables', read.until);
      const running = empty.run({ 'key-type': 'ec-p256' });
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
      await expect(empty.run({ force: 'true' })).rejects.toThrow('the key pool is empty');
      expect(empty.events.storeCalls()).toEqual(['readVariables']);
      expect(empty.store.secretValue(PENDING)).toBeUndefined();
      expect(empty.publisher.published).toHaveLength(0);
    } finally {
      await empty.dispose();
    }
  });
});
