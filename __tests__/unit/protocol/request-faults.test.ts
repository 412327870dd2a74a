// request's partial failures at every step, and two runs interleaved, over in-memory ports.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { PartialWriteError, RefusedError } from '../../../src/domain/errors.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { held } from '../../support/memory/held.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';

const CSR = 'MANGOPAY_MTLS_CSR';
const PENDING = 'MANGOPAY_MTLS_KEY_PENDING';

let pairs: KeyPair[];
let bed: ProtocolBed;
beforeAll(async () => {
  pairs = await makePairs(2);
});
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

async function failure(run: Promise<unknown>): Promise<Error> {
  const outcome = await run.then(
    () => new Error('expected the run to fail'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof PartialWriteError) && !(outcome instanceof RefusedError)) throw outcome;
  return outcome;
}

describe('request faults', () => {
  it('storing the pending key fails: nothing written, nothing published', async () => {
    bed.store.failOn(`putSecret ${PENDING}`, new Error('403 Secrets: read and write missing.'));
    const error = await failure(bed.run({}));
    expect(error.message).toBe('403 Secrets: read and write missing. Nothing was written.');
    expect(bed.store.snapshot()).toEqual({ secrets: {}, variables: {} });
    // No public CSR file either: nothing points to it, and it was never published.
    expect(readdirSync(bed.csrDir)).toEqual([]);
    expect(bed.publisher.published).toHaveLength(0);
  });

  it('storing the CSR fails: the pending key is removed again', async () => {
    bed.store.failOn(`setVariable ${CSR}`);
    const error = await failure(bed.run({}));
    expect(error.message).toContain(`The pending key secret ${PENDING} was removed again`);
    expect(bed.store.snapshot()).toEqual({ secrets: {}, variables: {} });
    expect(bed.events.storeCalls().slice(-1)).toEqual([`deleteSecret ${PENDING}`]);
    expect(bed.publisher.published).toHaveLength(0);
  });

  it('storing the CSR and the clean-up both fail: the message says the key IS stored', async () => {
    bed.store.failOn(`setVariable ${CSR}`);
    bed.store.failOn(`deleteSecret ${PENDING}`);
    const error = await failure(bed.run({}));
    expect(error.message).toContain(`The pending key secret ${PENDING} IS stored but its CSR is not`);
    if (!(error instanceof PartialWriteError)) throw new Error('expected a PartialWriteError');
    expect(error.written).toEqual([`secret ${PENDING}`]);
    expect(Object.keys(bed.store.snapshot().secrets)).toEqual([PENDING]);
  });

  it('publishing fails: key and CSR stay, the message says how to publish again', async () => {
    bed.publisher.failNext();
    const error = await failure(bed.run({}));
    expect(error.message).toMatch(
      /^Could not publish the CSR artifact "mangopay-mtls-csr-sandbox": artifact service/,
    );
    expect(error.message).toContain(`secret ${PENDING} and variable ${CSR} are stored and consistent`);
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
  });
});

describe('two request runs interleaved', () => {
  it('a run whose CSR was replaced before its confirmation fails and leaves nothing published', async () => {
    // Run A is held at its read-back (its upload runs beside it); run B then makes and stores its own request.
    const readBack = held();
    bed.store.holdOn(`getVariable ${CSR}`, readBack.until);
    const runA = bed.run({ force: 'true' });
    // B shares the store and the key pool (it gets the second pair).
    await bed.publisher.uploads(1);
    expect(bed.publisher.published.map((artifact) => artifact.content)).toEqual([pairs[0].csrPem]);
    const runB = await bed.run({ force: 'true' });
    expect(runB.state).toBe('requested');
    readBack.release();
    const error = await failure(runA);
    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain(`Another run replaced variable ${CSR}`);
    expect(error.message).toContain(
      'Nothing stays published: the CSR artifact uploaded meanwhile was deleted again.',
    );
    // What is stored belongs together: B's key and B's CSR; only B's artifact stays, A's was deleted again.
    expect(bed.store.variables.get(CSR)).toBe(pairs[1].csrPem);
    expect(Buffer.from(bed.store.secretValue(PENDING) ?? '', 'base64').toString()).toBe(pairs[1].keyPem);
    expect(bed.publisher.published.map((artifact) => artifact.content)).toEqual([pairs[1].csrPem]);
    expect(bed.publisher.retracted).toEqual([pairs[0].csrPem]);
  });
});
