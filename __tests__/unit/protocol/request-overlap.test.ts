// request's calls that overlap, over in-memory ports, each order made explicit with holds (no timing): the
// upload starts only once the CSR variable is stored, runs beside the confirmation, and is deleted again when
// the confirmation fails; the artifact client is loaded ahead only when a CSR will be published.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PartialWriteError } from '../../../src/domain/errors.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { held } from '../../support/memory/held.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';

const CSR = 'MANGOPAY_MTLS_CSR';
const PENDING = 'MANGOPAY_MTLS_KEY_PENDING';
const PUBLISH = 'publish mangopay-mtls-csr-sandbox';

let pairs: KeyPair[];
let bed: ProtocolBed;
beforeAll(async () => {
  pairs = await makePairs(2);
});
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

function hold(call: string): () => void {
  const { until, release } = held();
  bed.store.holdOn(call, until);
  return release;
}

const eventIndex = (call: string) =>
  bed.events.events.findIndex(
    (event) => (event.port === 'log' ? event.text : 'call' in event && event.call) === call,
  );

describe('request: the upload beside the confirmation', () => {
  it('starts the upload only after the CSR variable is stored', async () => {
    const release = hold(`setVariable ${CSR}`);
    const reached = bed.store.arrival(`setVariable ${CSR}`);
    const running = bed.run({});
    await reached;
    bed.events.push({ port: 'log', level: 'info', text: 'CSR variable released' });
    release();
    expect((await running).state).toBe('requested');
    expect(eventIndex(PUBLISH)).toBeGreaterThan(eventIndex('CSR variable released'));
  });

  it('uploads while the confirmation is still reading the CSR back', async () => {
    const release = hold(`getVariable ${CSR}`);
    const running = bed.run({});
    // The read-back is held: the upload can only have started beside it.
    await bed.publisher.uploads(1);
    expect(bed.events.storeCalls().slice(-2)).toEqual([`putSecret ${PENDING}`, `getVariable ${CSR}`]);
    release();
    expect((await running).state).toBe('requested');
    expect(bed.publisher.published.map((a) => a.content)).toEqual([pairs[0].csrPem]);
    expect(bed.publisher.retracted).toHaveLength(0);
  });

  it('the confirmation fails: the artifact uploaded beside it is deleted again', async () => {
    bed.store.failOn(`getVariable ${CSR}`);
    const error = await bed.run({}).then(
      () => new Error('expected the run to fail'),
      (e: unknown) => e,
    );
    if (!(error instanceof PartialWriteError)) throw error;
    expect(error.message).toContain(
      'could not confirm that no other run replaced them. Nothing stays published: the CSR artifact uploaded meanwhile was deleted again.',
    );
    expect(error.written).toEqual([`secret ${PENDING}`, `variable ${CSR}`]);
    expect(bed.publisher.published).toHaveLength(0);
    expect(bed.publisher.retracted).toEqual([pairs[0].csrPem]);
    // No output points to the CSR file of a failed run: it is gone (the CSR is in the variable).
    expect(existsSync(path.join(bed.csrDir, 'mangopay-mtls-csr-sandbox'))).toBe(false);
  });

  it('the confirmation and the deletion fail: the error says not to use the artifact', async () => {
    bed.store.failOn(`getVariable ${CSR}`);
    bed.publisher.failNextRetraction();
    const error = await bed.run({}).then(
      () => new Error('expected the run to fail'),
      (e: unknown) => e,
    );
    if (!(error instanceof PartialWriteError)) throw error;
    expect(error.message).toContain(
      'The CSR artifact "mangopay-mtls-csr-sandbox" of this run was uploaded meanwhile and could not be deleted again (artifact service unavailable (injected)): do not use it.',
    );
    expect(error.written).toEqual([
      `secret ${PENDING}`,
      `variable ${CSR}`,
      'artifact mangopay-mtls-csr-sandbox',
    ]);
  });
});

describe('request: loading the publisher ahead', () => {
  it('for a new request and a pending one, not when nothing is published', async () => {
    await bed.run({});
    expect(bed.publisher.prepared).toBe(1);
    await bed.run({});
    expect(bed.publisher.prepared).toBe(2); // pending: the CSR is published again
    await bed.run({ 'dry-run': 'true', force: 'true' });
    expect(bed.publisher.prepared).toBe(2);
  });
});
