// Reconcile over in-memory ports: a run that finds the request pending does what a lost issue_comment run
// would have done. The comments are placed in time around the request (the CSR variable's updated_at, in the
// bed's clock), and every run is a scheduled run of the one workflow (mode auto, both keys, issue: true).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { StoreResult } from '../../../src/protocol/result.js';
import { renderSummary } from '../../../src/report/report.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import type { MemoryIssueTracker } from '../../support/memory/issue-tracker.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import {
  DAY_MS,
  HOUR_MS,
  issueTracker,
  later,
  marker,
  reply,
  runWithIssue,
  theIssue,
  toolMarkers,
} from '../../support/memory/pending-issue.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';
import { CERT, CSR, KEY, PENDING } from '../../support/fixtures.js';

const ISSUE_URL = 'https://github.com/octo-org/payments/issues/1';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const fromB64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64').toString();

let ca: TestCa;
let otherCa: TestCa;
let pairs: KeyPair[];
let bed: ProtocolBed;
let tracker: MemoryIssueTracker;
let requestedAt: Date;

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
  otherCa = await createTestCa({ commonName: 'Some Other CA' });
  pairs = await makePairs(2, '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU');
});
afterAll(async () => {
  await ca.dispose();
  await otherCa.dispose();
});
beforeEach(async () => {
  // The certificates below are valid from a day before the bed's clock starts.
  bed = await startProtocolBed(pairs, { now: new Date(Date.now() - 2 * HOUR_MS) });
  tracker = issueTracker(bed);
  // The first scheduled run of the one workflow: nothing stored yet, so it requests and opens the issue.
  const first = await runWithIssue(bed, tracker, {});
  expect(first.state).toBe('requested');
  const stamped = bed.store.updatedAt.get(CSR);
  if (stamped === undefined) throw new Error('the CSR variable has no updated_at');
  requestedAt = stamped;
});
afterEach(() => bed.dispose());

/** A certificate for the pending key (the first pair's) from `issuer`, valid for a year from yesterday. */
function certificateFor(pair: KeyPair, issuer: TestCa = ca, notAfter = later(bed.now, 365 * DAY_MS)) {
  return issuer.signCsr(pair.csrPem, { notBefore: later(bed.now, -DAY_MS), notAfter });
}

/** A person's comment on the rotation issue, `minutes` after the request. */
function comment(login: string, body: string, minutes: number): number {
  return tracker.addComment(1, login, body, later(requestedAt, minutes * 60_000));
}

/** The next scheduled run, a day later, with both keys as the one workflow passes them. */
async function nextSchedule(keys: 'both' | 'none' = 'both'): Promise<StoreResult> {
  bed.now = later(bed.now, DAY_MS);
  return runWithIssue(
    bed,
    tracker,
    keys === 'both' ? { 'pending-private-key': b64(pairs[0].keyPem), 'current-private-key': '' } : {},
  );
}

/** The tracker calls a run made, and what it wrote to the store. */
async function callsOf(run: () => Promise<StoreResult>) {
  const before = tracker.calls.length;
  const stored = bed.events.storeCalls().length;
  const result = await run();
  return {
    result,
    calls: tracker.calls.slice(before),
    writes: bed.events
      .storeCalls()
      .slice(stored)
      .filter((call) => !/^(readVariables|getVariable)/.test(call)),
  };
}

describe('a certificate whose comment run was lost', () => {
  it('is installed by the next scheduled run: as its own run would have (reply, close, promoted)', async () => {
    const certificate = await certificateFor(pairs[0]);
    const id = comment('octocat', reply(certificate), 10);
    const { result, calls } = await callsOf(() => nextSchedule());
    expect(result.state).toBe('promoted');
    expect(result.issue).toEqual({ number: 1, url: ISSUE_URL });
    expect(fromB64(bed.store.secretValue(KEY))).toBe(pairs[0].keyPem);
    expect(fromB64(bed.store.variables.get(CERT))).toBe(certificate);
    expect(bed.store.variables.has(CSR)).toBe(false);
    expect(bed.store.secrets.has(PENDING)).toBe(false);
    expect(theIssue(tracker)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(toolMarkers(tracker)).toEqual([marker('installed', id)]);
    // One listing of the comments, one permission read for the one candidate, the reply, the close.
    expect(calls).toEqual(['findOpenIssue', 'commentsSince', 'permission', 'comment', 'closeCompleted']);
  });

  it('the newest certificate for the pending key wins', async () => {
    const older = await certificateFor(pairs[0]);
    const newer = await certificateFor(pairs[0]);
    expect(newer).not.toBe(older);
    comment('octocat', reply(older), 10);
    const newest = comment('alice', reply(newer), 20);
    comment('octocat', 'Uploaded, thanks!', 30);
    const { result, calls } = await callsOf(() => nextSchedule());
    expect(result.state).toBe('promoted');
    expect(fromB64(bed.store.variables.get(CERT))).toBe(newer);
    expect(toolMarkers(tracker)).toEqual([marker('installed', newest)]);
    expect(calls.filter((call) => call === 'permission')).toHaveLength(1);
  });

  it('a certificate for another key, discussion and a bot comment are no claim: no permission read, no reply', async () => {
    const other = await certificateFor(pairs[1]);
    comment('octocat', reply(other), 5);
    comment('octocat', 'When will this be done?', 6);
    comment('renovate[bot]', reply(await certificateFor(pairs[0])), 7);
    const { result, calls, writes } = await callsOf(() => nextSchedule());
    expect(result.state).toBe('pending');
    expect(calls).toEqual(['findOpenIssue', 'commentsSince']);
    expect(writes).toEqual([]);
    expect(toolMarkers(tracker)).toEqual([]);
  });
});

describe("a reader's certificate", () => {
  it('is never installed; the reader is told why once, and later runs do not ask again', async () => {
    const id = comment('reader', reply(await certificateFor(pairs[0])), 10);
    const snapshot = JSON.stringify(bed.store.snapshot());
    const first = await callsOf(() => nextSchedule());
    expect(first.result.state).toBe('pending');
    expect(first.result.warnings).toEqual([
      expect.stringContaining(
        `The certificate reader posted (${ISSUE_URL}#issuecomment-${id}) was not taken`,
      ),
    ]);
    expect(first.calls.filter((call) => call === 'permission')).toHaveLength(1);
    expect(toolMarkers(tracker)).toEqual([marker('permission', id)]);
    expect(JSON.stringify(bed.store.snapshot())).toBe(snapshot);

    const second = await callsOf(() => nextSchedule());
    expect(second.result.state).toBe('pending');
    expect(second.calls).toEqual(['findOpenIssue', 'commentsSince']);
    expect(toolMarkers(tracker)).toEqual([marker('permission', id)]);
    expect(JSON.stringify(bed.store.snapshot())).toBe(snapshot);
  });

  it("does not hide an older maintainer's certificate: permission is read newest first until one has it", async () => {
    const certificate = await certificateFor(pairs[0]);
    const maintainer = comment('octocat', reply(certificate), 10);
    const reader = comment('reader', reply(await certificateFor(pairs[0])), 20);
    const { result, calls } = await callsOf(() => nextSchedule());
    expect(result.state).toBe('promoted');
    expect(fromB64(bed.store.variables.get(CERT))).toBe(certificate);
    expect(calls.filter((call) => call === 'permission')).toHaveLength(2);
    expect(toolMarkers(tracker)).toEqual([marker('permission', reader), marker('installed', maintainer)]);
    // The refusal on the way stays in the run's summary.
    expect(result.warnings).toEqual([expect.stringContaining('The certificate reader posted')]);
  });
});

describe('answered comments', () => {
  it('are skipped: a comment its own run answered is not judged again', async () => {
    const id = comment('octocat', reply(await certificateFor(pairs[0])), 10);
    // Its own run refused it (say the pending key secret was missing then) and said so.
    tracker.addComment(
      1,
      'github-actions[bot]',
      `${marker('refused', id)}\nNot installed.`,
      later(requestedAt, 11 * 60_000),
    );
    const { result, calls, writes } = await callsOf(() => nextSchedule());
    expect(result.state).toBe('pending');
    expect(calls).toEqual(['findOpenIssue', 'commentsSince']);
    expect(writes).toEqual([]);
  });

  it("count only the tool's replies: a pasted marker answers nothing", async () => {
    const id = comment('octocat', reply(await certificateFor(pairs[0])), 10);
    comment('mallory', `${marker('refused', id)}\nI say it was answered.`, 11);
    expect((await nextSchedule()).state).toBe('promoted');
  });
});

describe('without pending-private-key', () => {
  it('stays pending, and the warning and the job summary link to the comment and name the missing input', async () => {
    const id = comment('octocat', reply(await certificateFor(pairs[0])), 10);
    const { result, writes } = await callsOf(() => nextSchedule('none'));
    expect(result.state).toBe('pending');
    const link = `${ISSUE_URL}#issuecomment-${id}`;
    expect(result.warnings).toEqual([
      expect.stringMatching(
        new RegExp(`waits on the rotation issue: ${link} .*the input pending-private-key`),
      ),
    ]);
    const summary = renderSummary(result, bed.settings({}));
    expect(summary).toContain(link);
    expect(summary).toContain('pending-private-key');
    expect(writes).toEqual([]);
    expect(toolMarkers(tracker)).toEqual([]);
    // Given the key, the next run installs it.
    expect((await nextSchedule()).state).toBe('promoted');
  });
});

describe("a refusal for the run's own inputs", () => {
  it("(a pending key that is not the pending CSR's) is warned, not answered: the next run with the right key installs", async () => {
    const id = comment('octocat', reply(await certificateFor(pairs[0])), 10);
    bed.now = later(bed.now, DAY_MS);
    // A stale secret: the other pair's key, which matches neither the CSR nor the certificate's key.
    const stale = await runWithIssue(bed, tracker, {
      'pending-private-key': b64(pairs[1].keyPem),
      'current-private-key': '',
    });
    expect(stale.state).toBe('pending');
    expect(stale.warnings).toEqual([expect.stringContaining('was not installed')]);
    expect(toolMarkers(tracker)).toEqual([]);
    const installed = await nextSchedule();
    expect(installed.state).toBe('promoted');
    expect(toolMarkers(tracker)).toEqual([marker('installed', id)]);
  });
});

describe('a refused certificate', () => {
  /** An installed certificate from the usual CA, so issuer continuity applies. */
  const installOne = async () => {
    bed.store.variables.set(CERT, b64(await certificateFor(pairs[1])));
  };
  const nothing = () => Promise.resolve();
  it.each([
    ['expired', nothing, () => certificateFor(pairs[0], ca, later(bed.now, -HOUR_MS)), /expired on/],
    [
      'from another issuer',
      installOne,
      () => certificateFor(pairs[0], otherCa),
      /issued by "CN=Some Other CA, O=Test"/,
    ],
  ])(
    '(%s) is answered once, fails no run, and is not answered again',
    async (_name, before, make, reason) => {
      await before();
      const id = comment('octocat', reply(await make()), 10);
      const snapshot = JSON.stringify(bed.store.snapshot());
      const first = await nextSchedule();
      expect(first.state).toBe('pending');
      expect(first.warnings).toEqual([expect.stringMatching(reason)]);
      expect(toolMarkers(tracker)).toEqual([marker('refused', id)]);
      expect(theIssue(tracker).comments.at(-1)?.body).toMatch(reason);
      expect(JSON.stringify(bed.store.snapshot())).toBe(snapshot);

      const { result, calls } = await callsOf(() => nextSchedule());
      expect(result.state).toBe('pending');
      expect(calls).toEqual(['findOpenIssue', 'commentsSince']);
      expect(toolMarkers(tracker)).toEqual([marker('refused', id)]);
    },
  );

  it('a private key in a comment is masked and answered once', async () => {
    const id = comment('octocat', `oops:\n${pairs[1].keyPem}`, 10);
    const first = await nextSchedule();
    expect(first.state).toBe('pending');
    const lines = pairs[1].keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(bed.events.masked()).toContain(line);
    expect(toolMarkers(tracker)).toEqual([marker('private-key', id)]);
    await nextSchedule();
    expect(toolMarkers(tracker)).toEqual([marker('private-key', id)]);
  });
});

describe('the request time', () => {
  it('comments made before the request are not about it', async () => {
    tracker.addComment(1, 'octocat', reply(await certificateFor(pairs[0])), later(requestedAt, -1000));
    const { result, calls } = await callsOf(() => nextSchedule());
    expect(result.state).toBe('pending');
    expect(calls).toEqual(['findOpenIssue', 'commentsSince']);
  });

  it('a comment made in the same second as the request is (whole seconds, inclusive)', async () => {
    expect(requestedAt.getMilliseconds()).toBe(0);
    tracker.addComment(1, 'octocat', reply(await certificateFor(pairs[0])), requestedAt);
    expect((await nextSchedule()).state).toBe('promoted');
  });
});
