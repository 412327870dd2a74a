// Whole request runs with a fault at each of their GitHub calls: a transient one ends like a clean run; a
// permanent one never touches the live credential, never publishes a CSR whose key is not stored, and the
// message says what is stored now.
import { describe, expect, it } from '@jest/globals';
import { MAX_RETRIES } from '../../../src/adapters/github/client.js';
import { CSR, PENDING, PUBLIC_KEY, SECRET, VARIABLE, VARIABLES } from '../../support/fixtures.js';
import { status } from './calls.js';
import {
  expectLiveUntouched,
  expectPendingMatches,
  failure,
  faultAt,
  csrOf,
  harness,
  partialWrite,
  PERMANENT,
  repo,
} from './runs.js';

const CALLS: { name: string; method: string; route: string; nth?: number }[] = [
  { name: 'list variables', method: 'GET', route: VARIABLES },
  { name: 'public key', method: 'GET', route: PUBLIC_KEY },
  { name: 'store the pending key', method: 'PUT', route: SECRET },
  { name: 'store the CSR', method: 'POST', route: VARIABLES },
  { name: 'store the pending key again', method: 'PUT', route: SECRET, nth: 2 },
  { name: 'read the CSR back', method: 'GET', route: VARIABLE },
];
const at = (name: string) => CALLS.filter((call) => call.name === name);
const READS_AND_FIRST_WRITE = CALLS.slice(0, 3);
const AFTER_THE_CSR = [...at('store the pending key again'), ...at('read the CSR back')];

describe('request with a fault at each call', () => {
  it.each(CALLS)('transient 502 at "$name": survived, same outcome as a clean run', async (call) => {
    const h = await harness();
    const result = await h.run({}, faultAt(h, call, status(502)));
    expect(result.state).toBe('requested');
    expect(h.published).toHaveLength(1);
    expectPendingMatches(h, result);
    expectLiveUntouched(h);
    expect(h.github.openApiViolations).toEqual([]);
  });

  describe.each(PERMANENT)('permanent fault $name', ({ fault, message }) => {
    it.each(READS_AND_FIRST_WRITE)('at "$name": nothing is written or published', async (call) => {
      const h = await harness();
      const before = h.github.snapshot();
      const error = await failure(h.run({}, faultAt(h, call, fault)));
      expect(error.message).toMatch(message);
      expect(h.github.snapshot()).toBe(before);
      expect(h.published).toEqual([]);
      if (call.method === 'PUT') expect(error.message).toContain('Nothing was written');
    });

    it('at "store the CSR": the pending key is removed again; nothing of the run is stored', async () => {
      const h = await harness();
      const before = h.github.snapshot();
      const error = await failure(h.run({}, faultAt(h, at('store the CSR')[0], fault)));
      expect(error.message).toMatch(message);
      expect(partialWrite(error).written).toEqual([]);
      expect(error.message).toContain(
        `The pending key secret ${PENDING} was removed again; nothing of this run is stored.`,
      );
      expect(h.github.snapshot()).toBe(before);
      expect(h.published).toEqual([]);
    });

    it.each(AFTER_THE_CSR)(
      'at "$name": the message says key and CSR are stored; running again publishes them',
      async (call) => {
        const h = await harness();
        const error = await failure(h.run({}, faultAt(h, call, fault)));
        expect(error.message).toMatch(message);
        expect(partialWrite(error).written).toEqual([`secret ${PENDING}`, `variable ${CSR}`]);
        expect(error.message).toContain(`Secret ${PENDING} and variable ${CSR} are stored`);
        expect(error.message).toMatch(/Nothing (was|stays) published/); // the upload beside the confirmation is deleted again
        expectLiveUntouched(h);
        expect(h.published).toEqual([]); // never a CSR without certainty that its key is stored
        const again = await h.run({});
        expect(again.state).toBe('pending');
        expect(csrOf(again).pem).toBe(h.github.variable(repo, CSR));
        expect(h.published).toHaveLength(1);
      },
    );
  });

  it('the CSR cannot be stored and the pending key cannot be removed: the message says to delete it by hand', async () => {
    const h = await harness();
    h.github.injectFault({ method: 'POST', route: VARIABLES, kind: 'status', status: 422 });
    // Every attempt plugin-retry makes at the removal fails.
    h.github.injectFault({
      method: 'DELETE',
      route: SECRET,
      kind: 'status',
      status: 502,
      times: 1 + MAX_RETRIES,
    });
    const error = await failure(h.run({}));
    expect(partialWrite(error).written).toEqual([`secret ${PENDING}`]);
    expect(error.message).toContain(
      `The pending key secret ${PENDING} IS stored but its CSR is not, and removing it failed: delete it by hand`,
    );
    expect(h.github.secretNames(repo)).toContain(PENDING);
    expect(h.github.variable(repo, CSR)).toBeUndefined();
    expect(h.published).toEqual([]);
  });

  it('publishing fails after the key and CSR were stored: the message says so; running again publishes it', async () => {
    const h = await harness();
    h.failPublish = true;
    const error = await failure(h.run({}));
    expect(partialWrite(error).written).toEqual([`secret ${PENDING}`, `variable ${CSR}`]);
    expect(error.message).toMatch(
      new RegExp(
        `Could not publish the CSR artifact .*secret ${PENDING} and variable ${CSR} are stored and consistent`,
      ),
    );
    const again = await h.run({});
    expect(again.state).toBe('pending');
    expect(h.published).toHaveLength(1);
    expectPendingMatches(h, again);
  });
});
