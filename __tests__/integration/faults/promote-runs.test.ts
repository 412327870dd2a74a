// Whole promote runs with a fault at each of their GitHub calls: a transient one ends like a clean run; a
// permanent one leaves a message listing what was and was not written, a certificate never goes live before
// its key, and running again (as a workflow re-run would) finishes the job.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { RepositoryPlace } from '../../../src/adapters/github/repository.js';
import { GitHubStore } from '../../../src/adapters/github/store.js';
import {
  CERT,
  CERT_PREVIOUS,
  CSR,
  KEY,
  PENDING,
  PREVIOUS,
  PUBLIC_KEY,
  SECRET,
  VARIABLE,
  VARIABLES,
} from '../../support/fixtures.js';
import { copyStored, plantStored, type StoredCopy } from '../../support/stored-copy.js';
import { client, SCOPES, status } from './calls.js';
import {
  base64,
  ca,
  current,
  failure,
  faultAt,
  csrOf,
  harness,
  partialWrite,
  PERMANENT,
  repo,
  type Harness,
} from './runs.js';

const STEPS: { name: string; method: string; route: string; nth?: number; write?: string }[] = [
  { name: 'list variables', method: 'GET', route: VARIABLES },
  { name: 'public key', method: 'GET', route: PUBLIC_KEY },
  { name: 'store the previous key', method: 'PUT', route: SECRET, nth: 1, write: `secret ${PREVIOUS}` },
  {
    name: 'store the previous certificate',
    method: 'POST',
    route: VARIABLES,
    write: `variable ${CERT_PREVIOUS}`,
  },
  { name: 'store the new key', method: 'PUT', route: SECRET, nth: 2, write: `secret ${KEY}` },
  { name: 'store the new certificate', method: 'PATCH', route: VARIABLE, write: `variable ${CERT}` },
  { name: 'delete the pending key', method: 'DELETE', route: SECRET, write: `delete secret ${PENDING}` },
  { name: 'delete the CSR variable', method: 'DELETE', route: VARIABLE, write: `delete variable ${CSR}` },
];
const ORDER = STEPS.flatMap((step) => (step.write === undefined ? [] : [step.write]));
const READS = STEPS.filter((step) => step.write === undefined);
const WRITES = STEPS.flatMap((step) =>
  step.write === undefined ? [] : [{ ...step, index: ORDER.indexOf(step.write) }],
);

interface Recorded {
  pendingSecret: string;
  certificate: string;
  /** Every secret (plaintext) and variable the request run stored at the repository. */
  stored: StoredCopy;
}
let recorded: Recorded | undefined;

// One real request run (on a harness of its own) and one signature per file: every test here starts from
// that request's stored state, planted into its own fake. Faults in request runs are request-runs.test.ts's.
beforeAll(async () => {
  const h = await harness();
  const requested = await h.run({});
  recorded = {
    pendingSecret: h.github.secret(repo, PENDING) ?? '',
    certificate: await ca().signCsr(csrOf(requested).pem, { days: 365 }),
    stored: copyStored(h.github, repo),
  };
});

/** A pending request whose CSR the CA signed (the recorded one, planted): what promote needs. */
function pendingRequest(h: Harness) {
  if (recorded === undefined) throw new Error('no recorded request');
  const { pendingSecret, certificate } = recorded;
  plantStored(h.github, recorded.stored, repo);
  const inputs = {
    mode: 'promote',
    certificate,
    'pending-private-key': pendingSecret,
    'current-private-key': base64(current().keyPem),
  };
  return { inputs, pendingSecret, certificate };
}

function expectPromoted(h: Harness, pendingSecret: string, certificate: string) {
  expect(h.github.secret(repo, KEY)).toBe(pendingSecret);
  expect(h.github.variable(repo, CERT)).toBe(base64(certificate));
  expect(h.github.secret(repo, PREVIOUS)).toBe(base64(current().keyPem));
  expect(h.github.variable(repo, CERT_PREVIOUS)).toBe(base64(current().certPem));
  expect(h.github.secretNames(repo)).not.toContain(PENDING);
  expect(h.github.variable(repo, CSR)).toBeUndefined();
  expect(h.github.openApiViolations).toEqual([]);
}

describe('promote with a fault at each call', () => {
  it.each(STEPS)('transient 502 at "$name": promoted as in a clean run', async (step) => {
    const h = await harness();
    const { inputs, pendingSecret, certificate } = pendingRequest(h);
    const result = await h.run(inputs, faultAt(h, step, status(502)));
    expect(result.state).toBe('promoted');
    expect(result.writes).toEqual(ORDER);
    expectPromoted(h, pendingSecret, certificate);
  });

  describe.each(PERMANENT)('permanent fault $name', ({ fault, message }) => {
    it.each(READS)('at "$name": nothing is written; running again promotes', async (step) => {
      const h = await harness();
      const { inputs, pendingSecret, certificate } = pendingRequest(h);
      const before = h.github.snapshot();
      const error = await failure(h.run(inputs, faultAt(h, step, fault)));
      expect(error.message).toMatch(message);
      expect(h.github.snapshot()).toBe(before);
      expect((await h.run(inputs)).state).toBe('promoted');
      expectPromoted(h, pendingSecret, certificate);
    });

    it.each(WRITES)(
      'at "$name": the message lists what was and was not written; running again finishes',
      async (step) => {
        const h = await harness();
        const { inputs, pendingSecret, certificate } = pendingRequest(h);
        const error = await failure(h.run(inputs, faultAt(h, step, fault)));
        expect(error.message).toMatch(message);
        const partial = partialWrite(error);
        expect(partial.written).toEqual(ORDER.slice(0, step.index));
        expect(partial.notWritten).toEqual(ORDER.slice(step.index));
        expect(error.message).toContain(
          step.index === 0 ? 'Nothing was written.' : `Done: ${ORDER.slice(0, step.index).join(', ')}.`,
        );
        expect(error.message).toContain(`Not done: ${ORDER.slice(step.index).join(', ')}.`);
        // A certificate never goes live before its key; a key without its certificate only with a warning.
        const keyLive = step.index > ORDER.indexOf(`secret ${KEY}`);
        const certLive = step.index > ORDER.indexOf(`variable ${CERT}`);
        expect(h.github.secret(repo, KEY) === pendingSecret).toBe(keyLive);
        expect(h.github.variable(repo, CERT) === base64(certificate)).toBe(certLive);
        if (keyLive && !certLive)
          expect(error.message).toContain(`WARNING: secret ${KEY} already holds the NEW key`);
        else expect(error.message).not.toContain('WARNING');

        if (step.write === `delete variable ${CSR}`) {
          expect(error.message).toContain(
            `The new credential is installed; only clean-up is left: delete variable ${CSR}.`,
          );
          // A person deletes it.
          await new GitHubStore(
            client(h.github),
            new RepositoryPlace(SCOPES[0].store),
            () => undefined,
          ).deleteVariable(CSR);
        } else {
          expect(error.message).toContain('Run promote again with the same inputs');
          // Run again as a workflow re-run would: the key inputs are the secrets as stored now.
          const again = await h.run({
            ...inputs,
            'pending-private-key': h.github.secret(repo, PENDING) ?? '',
            'current-private-key': h.github.secret(repo, KEY) ?? '',
          });
          expect(again.state).toBe('promoted');
        }
        expectPromoted(h, pendingSecret, certificate);
      },
    );
  });
});
