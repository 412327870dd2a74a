// Two request runs at once for one target (force: true), through the bundle. Each interleaving is made
// explicit with the fake's holds: one run is stopped at a chosen request while the other runs, then let go.
// What the protocol (src/protocol/modes/request.ts) guarantees without a lock: it stores the key, the CSR, the key
// again, then reads the CSR back and fails loudly when it is not its own; the CSR is uploaded beside those last
// two calls and deleted again when the check fails; promote refuses a key that does not belong to the
// certificate. So two runs that both succeed leave a matching pair, a mixed pair is only ever left behind a
// loud failure and cannot be promoted, and a run that fails its check leaves no artifact.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import {
  asPem,
  REPOSITORY_TARGET as repo,
  runRotation,
  startTestBed,
  type RotationOptions,
  type TestBed,
} from '../support/e2e.js';
import type { Hold, HeldRequest } from '../support/fake-holds.js';
import { plantRequest, recordRequest, type RequestedState } from '../support/requested-state.js';
import { spkiSha256, PENDING, CSR, VARIABLE, SECRET } from '../support/fixtures.js';
import { createTestCa } from '../support/test-ca.js';

const REPLACED = /Another run replaced variable MANGOPAY_MTLS_CSR while this run was storing its request/;

let bed: TestBed | undefined;
/** What one real request run stored, made once: the pending request each test starts from. */
let seed: RequestedState;
const runs: ActionRun[] = [];
beforeAll(async () => {
  seed = await recordRequest({ force: 'true' });
});
afterEach(async () => {
  await bed?.close();
  bed = undefined;
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

/** A fake with one request already pending, so both runs replace the CSR variable (PATCH) rather than create it. */
async function seededBed(): Promise<TestBed> {
  const testBed = await startTestBed();
  bed = testBed;
  plantRequest(testBed.github, seed);
  return testBed;
}

async function request(testBed: TestBed, options: RotationOptions = {}): Promise<ActionRun> {
  const run = await runRotation(testBed, { force: 'true' }, options);
  runs.push(run);
  return run;
}

/** Waits until `hold` caught its request; fails, with the run's log, if the run ended first. */
async function reached(hold: Hold, running: Promise<ActionRun>): Promise<HeldRequest> {
  const first = await Promise.race([
    hold.arrived.then((held) => ({ held })),
    running.then((run) => ({ run })),
  ]);
  if ('run' in first) throw new Error(`the run ended before the held request:\n${first.run.log}`);
  return first.held;
}

function storedKeyHash(testBed: TestBed): string {
  const key = asPem(testBed.github.secret(repo, PENDING) ?? '');
  if (key === undefined) throw new Error(`no pending key is stored in ${PENDING}`);
  return spkiSha256(key);
}

/** The stored key and CSR are the ones `run` made and reported. */
function expectStoredPairOf(testBed: TestBed, run: ActionRun): void {
  expect(run.exitCode).toBe(0);
  expect(storedKeyHash(testBed)).toBe(run.outputs['public-key-sha256']);
  expect(testBed.github.variable(repo, CSR)).toBe(run.outputs.csr);
}

function expectReplacedError(run: ActionRun): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(REPLACED);
  // Its upload ran beside the check: deleted again, or not finished when the check failed.
  expect(run.errors[0]).toMatch(
    /Nothing stays published: the CSR artifact uploaded meanwhile was deleted again\.|Nothing was published\./,
  );
}

/** The public key hash a run logged when it made its key (a failed run has no outputs to read it from). */
function madeKeyHash(run: ActionRun): string {
  const made = /Made a rsa-2048 key \(public key SHA-256 ([0-9a-f]{64})\)/.exec(run.log);
  if (!made) throw new Error(`the run made no key:\n${run.log}`);
  return made[1];
}

describe('two request runs at once for one target (force: true)', () => {
  it("B runs from start to end while A's CSR write is held: both succeed, A's key and CSR are stored (as if B ran first)", async () => {
    const testBed = await seededBed();
    const aCsrWrite = testBed.github.hold({ method: 'PATCH', route: VARIABLE });
    const runningA = request(testBed);
    await reached(aCsrWrite, runningA); // A has stored its key; its CSR is not written yet

    const b = await request(testBed);
    expectStoredPairOf(testBed, b);

    aCsrWrite.release();
    const a = await runningA;
    expectStoredPairOf(testBed, a);
    expect(a.outputs.csr).not.toBe(b.outputs.csr);
    expect(testBed.artifacts).toHaveLength(2); // B's, then A's
    expect(testBed.artifacts[1].files['acme-sandbox.csr'].toString()).toBe(a.outputs.csr);
  });

  it("A's CSR read-back is held while B stores its request: A fails loudly, B's key and CSR are stored", async () => {
    const testBed = await seededBed();
    const aReadBack = testBed.github.hold({ method: 'GET', route: VARIABLE });
    const bBoxes: string[] = []; // B's key is stored when A ends: B's log masks it, not A's
    const runningA = request(testBed, { othersBoxes: () => bBoxes });
    await reached(aReadBack, runningA); // A stored its key, its CSR and its key again

    const b = await request(testBed);
    expectStoredPairOf(testBed, b);
    bBoxes.push(testBed.github.encryptedSecret(repo, PENDING) ?? '');

    aReadBack.release();
    const a = await runningA;
    expectReplacedError(a);
    expectStoredPairOf(testBed, b);
    expect(testBed.artifacts).toHaveLength(1); // B's: A's upload was deleted again
  });

  it('A is held at its CSR write until B has stored its key and CSR (B then held at its read-back): A succeeds, B fails loudly', async () => {
    const testBed = await seededBed();
    const aCsrWrite = testBed.github.hold({ method: 'PATCH', route: VARIABLE });
    const runningA = request(testBed);
    await reached(aCsrWrite, runningA);
    const bReadBack = testBed.github.hold({ method: 'GET', route: VARIABLE });
    const runningB = request(testBed);
    await reached(bReadBack, runningB); // B stored its key, its CSR and its key again

    aCsrWrite.release(); // A's CSR replaces B's; A stores its key again, reads back its own CSR
    const a = await runningA;
    expectStoredPairOf(testBed, a);

    bReadBack.release();
    const b = await runningB;
    expectReplacedError(b);
    expectStoredPairOf(testBed, a);
    expect(testBed.artifacts).toHaveLength(1); // A's
  });

  it("A's second key write is held until B has finished: B succeeds, then A's key lands on B's CSR and A fails loudly; promote refuses the mixed pair", async () => {
    const testBed = await seededBed();
    const aCsrWrite = testBed.github.hold({ method: 'PATCH', route: VARIABLE });
    const runningA = request(testBed);
    await reached(aCsrWrite, runningA);
    const aKeyAgain = testBed.github.hold({ method: 'PUT', route: SECRET });
    aCsrWrite.release();
    await reached(aKeyAgain, runningA); // A stored its key and CSR; its second key write waits

    const b = await request(testBed);
    expectStoredPairOf(testBed, b);

    aKeyAgain.release();
    const a = await runningA;
    expectReplacedError(a);
    // Without a lock this is what is left: A's key with B's (published) CSR. A's error said so.
    expect(storedKeyHash(testBed)).toBe(madeKeyHash(a));
    expect(madeKeyHash(a)).not.toBe(b.outputs['public-key-sha256']);
    expect(testBed.github.variable(repo, CSR)).toBe(b.outputs.csr);
    expect(testBed.artifacts).toHaveLength(1); // B's: A's upload was deleted again

    // The certificate the CA issues for B's published CSR cannot be promoted with the stored key.
    const ca = await createTestCa();
    try {
      const certificate = await ca.signCsr(b.outputs.csr, { days: 365 });
      const before = testBed.github.snapshot();
      const promote = await runRotation(testBed, {
        mode: 'promote',
        certificate,
        'pending-private-key': testBed.github.secret(repo, PENDING) ?? '',
      });
      runs.push(promote);
      expect(promote.exitCode).toBe(1);
      expect(promote.errors).toHaveLength(1);
      // The stored key is A's, the CSR B's: the mixed pair itself is named, before any certificate is judged.
      expect(promote.errors[0]).toMatch(
        /pending key \(pending-private-key\) does not belong to the pending CSR/,
      );
      expect(testBed.github.snapshot()).toBe(before);
    } finally {
      await ca.dispose();
    }
  });
});
