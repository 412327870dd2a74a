// Reminders, not noise: a pending run (auto, request or check) comments at most once per
// reminder-interval-days, counted from the issue's opening (reopened: from then), then from the last
// reminder, whichever mode wrote it. The bed's clock moves; every run is a scheduled run of the one workflow.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import type { MemoryIssueTracker } from '../../support/memory/issue-tracker.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import {
  DAY_MS,
  HOUR_MS,
  issueTracker,
  later,
  marker,
  runWithIssue,
  theIssue,
  toolMarkers,
} from '../../support/memory/pending-issue.js';

let pairs: KeyPair[];
let bed: ProtocolBed;
let tracker: MemoryIssueTracker;
let opened: Date;

beforeAll(async () => {
  pairs = await makePairs(2, '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU');
});
beforeEach(async () => {
  bed = await startProtocolBed(pairs, { now: new Date('2026-06-01T06:17:00Z') });
  tracker = issueTracker(bed);
  // The first run requests and opens the issue: the first notice.
  expect((await runWithIssue(bed, tracker, { 'issue-assignees': 'octocat' })).state).toBe('requested');
  opened = theIssue(tracker).createdAt;
});
afterEach(() => bed.dispose());

const REMINDER = marker('reminder');
const reminders = () => toolMarkers(tracker).filter((line) => line === REMINDER).length;

/** A run `hours` after the issue was opened, in `mode` (default: the one workflow's auto). */
async function runAt(hours: number, inputs: Record<string, string>) {
  bed.now = later(opened, hours * HOUR_MS);
  const result = await runWithIssue(bed, tracker, { 'issue-assignees': 'octocat', ...inputs });
  expect(result.state).toBe(inputs.mode === 'check' ? 'checked' : 'pending');
  return result;
}

// Daily runs; the counts of reminders after each run, for two intervals other than the default 7.
const DAILY = [12, 24, 36, 48, 72, 96, 144];
const EXPECTED: Record<string, number[]> = {
  '1': [0, 1, 1, 2, 3, 4, 5],
  '3': [0, 0, 0, 0, 1, 1, 2],
};

describe('reminder-interval-days', () => {
  it.each(Object.entries(EXPECTED))(
    '%s day(s): the issue is the first notice, then one per interval',
    async (days, counts) => {
      const seen: number[] = [];
      for (const hours of DAILY) {
        await runAt(hours, { 'reminder-interval-days': days });
        seen.push(reminders());
      }
      expect(seen).toEqual(counts);
    },
  );

  it('a second run the same day comments nothing, however often it runs', async () => {
    for (const hours of [1, 2, 5, 23]) await runAt(hours, { 'reminder-interval-days': '1' });
    expect(theIssue(tracker).comments).toEqual([]);
  });

  it('mentions the assignees and links this run and the CSR it published again', async () => {
    await runAt(24, { 'reminder-interval-days': '1' });
    const body = theIssue(tracker).comments.at(-1)?.body ?? '';
    expect(body.split('\n')[0]).toBe(REMINDER);
    expect(body).toContain(
      '@octocat reminder: this request is still pending and no certificate is installed yet',
    );
    expect(body).toMatch(
      /\[This run\]\((https:\/\/github\.com\/octo-org\/payments\/actions\/runs\/\d+)\) found it pending \(the CSR again: \[artifact\]\(\1\/artifacts\/\d+\)\)\./,
    );
  });
});

describe('one shared last reminder', () => {
  it('check and request count the same reminders', async () => {
    await runAt(72, { mode: 'check', 'reminder-interval-days': '3' });
    expect(reminders()).toBe(1);
    await runAt(96, { 'reminder-interval-days': '3' });
    await runAt(120, { mode: 'request', 'reminder-interval-days': '3' });
    expect(reminders()).toBe(1);
    await runAt(144, { mode: 'request', 'reminder-interval-days': '3' });
    expect(reminders()).toBe(2);
    await runAt(168, { mode: 'check', 'reminder-interval-days': '3' });
    expect(reminders()).toBe(2);
  });

  it("a person's pasted reminder marker counts for nothing", async () => {
    tracker.addComment(1, 'mallory', `${REMINDER}\nfake`, later(opened, 70 * HOUR_MS));
    await runAt(72, { 'reminder-interval-days': '3' });
    expect(reminders()).toBe(1);
  });
});

describe('a new request on the open issue (force)', () => {
  it('is a notice: no reminder until an interval after it, though the issue and its last reminder are older', async () => {
    await runAt(72, { 'reminder-interval-days': '3' });
    expect(reminders()).toBe(1);
    // Six days after the opening, three after the reminder: a forced request rewrites the issue's body.
    bed.now = later(opened, 144 * HOUR_MS);
    const forced = await runWithIssue(bed, tracker, { force: 'true', 'reminder-interval-days': '3' });
    expect(forced.state).toBe('requested');
    await runAt(168, { 'reminder-interval-days': '3' });
    expect(reminders()).toBe(1);
    await runAt(216, { 'reminder-interval-days': '3' });
    expect(reminders()).toBe(2);
  });
});

describe('a reopened issue', () => {
  it('counts the interval from the reopening, read only when creation alone would allow a reminder', async () => {
    tracker.reopen(1, later(opened, 5 * DAY_MS));
    const calls = tracker.calls.length;
    await runAt(2 * 24, { 'reminder-interval-days': '3' }); // 2 days after creation: no need to ask
    expect(tracker.calls.slice(calls)).not.toContain('reopenedAt');
    await runAt(6 * 24, { 'reminder-interval-days': '3' }); // 1 day after the reopening
    expect(tracker.calls).toContain('reopenedAt');
    expect(reminders()).toBe(0);
    await runAt(8 * 24, { 'reminder-interval-days': '3' }); // 3 days after the reopening
    expect(reminders()).toBe(1);
  });
});
