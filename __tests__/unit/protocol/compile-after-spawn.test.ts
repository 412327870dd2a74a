// While OpenSSL works in its own process, a request run compiles libsodium and the artifact client (issue 11).
// A compile holds the one JavaScript thread, so it must wait until OpenSSL runs: started earlier, it would
// hold up the spawn of the longest step. Each order is made explicit with a held spawn (no timing).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { started } from '../../../src/protocol/modes/early-key.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { held, settle } from '../../support/memory/held.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';

let pairs: KeyPair[];
let bed: ProtocolBed;
beforeAll(async () => {
  pairs = await makePairs(2);
});
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
});
afterEach(() => bed.dispose());

describe('started: OpenSSL work and the moment it runs', () => {
  it('running resolves when the work says so, before the work ends', async () => {
    const work = held();
    let signal = () => undefined as void;
    const { work: result, running } = started((running) => {
      signal = running;
      return work.until.then(() => 'made');
    });
    let ran = false;
    void running.then(() => (ran = true));
    await settle();
    expect(ran).toBe(false);
    signal();
    await settle();
    expect(ran).toBe(true);
    work.release();
    await expect(result).resolves.toBe('made');
  });

  it('running also resolves when the work ends without saying so (a failure before the spawn)', async () => {
    const { work, running } = started(() => Promise.reject(new Error('no openssl')));
    await expect(work).rejects.toThrow('no openssl');
    await expect(running).resolves.toBeUndefined();
  });
});

describe('request: libsodium and the artifact client load once OpenSSL runs', () => {
  it('a new key: both wait for the spawn, and load while the key is still being made', async () => {
    const spawn = held();
    const key = held();
    bed.keys.holdSpawn(spawn.until);
    bed.keys.holdNext(key.until);
    const run = bed.run({});
    await settle();
    expect(bed.keys.made).toHaveLength(1);
    expect([bed.store.sealPrepared, bed.publisher.prepared]).toEqual([1, 1]);
    expect([bed.store.sealLoaded, bed.publisher.loaded]).toEqual([0, 0]);

    spawn.release();
    await settle();
    expect([bed.store.sealLoaded, bed.publisher.loaded]).toEqual([1, 1]);
    expect(bed.events.storeCalls()).toEqual(['readVariables']); // the key is still being made

    key.release();
    expect((await run).state).toBe('requested');
  });

  it('a pending request: the artifact client waits for the CSR read to run', async () => {
    await bed.run({});
    const spawn = held();
    const run = bed.run({});
    // Set once the run has asked for its early key (synchronously, as it starts): this holds the CSR read.
    bed.keys.holdSpawn(spawn.until);
    await settle();
    expect(bed.keys.read).toHaveLength(1);
    expect([bed.publisher.prepared, bed.publisher.loaded]).toEqual([2, 1]);

    spawn.release();
    expect((await run).state).toBe('pending');
    expect(bed.publisher.loaded).toBe(2);
  });
});
