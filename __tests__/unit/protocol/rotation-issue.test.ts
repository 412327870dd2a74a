// The rotation issue over in-memory ports: which runs touch it, how, and that a failed issue call never
// undoes a credential write.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { PartialWriteError, RefusedError } from '../../../src/domain/errors.js';
import { MemoryIssueTracker } from '../../support/memory/issue-tracker.js';
import { credentialId } from '../../../src/protocol/issue/tracking.js';
import { startProtocolBed, type ProtocolBed } from '../../support/memory/bed.js';
import { makePairs, type KeyPair } from '../../support/memory/key-maker.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';
import { commentEvent, pastedReply } from '../../support/issue/comments.js';
import { asPromote } from '../../support/read-inputs.js';
import { CERT, CSR, PENDING } from '../../support/fixtures.js';

let ca: TestCa;
let pairs: KeyPair[];
let bed: ProtocolBed;
let tracker: MemoryIssueTracker;
const target = { owner: 'octo-org', repo: 'payments' };

beforeAll(async () => {
  ca = await createTestCa();
  pairs = await makePairs(3, '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU');
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startProtocolBed(pairs);
  tracker = new MemoryIssueTracker({ assignable: ['octocat'], roles: { octocat: 'maintain' } });
  const settings = bed.settings({});
  bed.issues = {
    tracker,
    settings: {
      token: 't',
      owner: 'octo-org',
      repo: 'payments',
      assignees: ['octocat'],
      label: 'mtls-rotation',
      promotePermission: 'write',
      reminderIntervalDays: 7,
    },
    credential: credentialId(settings, target),
    runUrl: 'https://github.com/octo-org/payments/actions/runs/1',
    issuesUrl: 'https://github.com/octo-org/payments/issues',
  };
});
afterEach(() => bed.dispose());

describe('request', () => {
  it('opens one issue, keeps it (no comment) while the same request is pending, then rewrites it for a new one', async () => {
    const first = await bed.run({});
    expect(first.issue).toEqual({ number: 1, url: 'https://github.com/octo-org/payments/issues/1' });
    expect(tracker.issues).toHaveLength(1);
    const body = tracker.issues[0].body;
    expect(body).toContain(pairs[0].csrPem.trim());

    await bed.run({});
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0].body).toBe(body);
    expect(tracker.issues[0].comments).toHaveLength(0);

    await bed.run({ force: 'true' });
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0].body).toContain(pairs[1].csrPem.trim());
    expect(tracker.calls.filter((call) => call === 'openIssue')).toHaveLength(1);
  });

  it('makes no issue call when not due, nor in a dry run', async () => {
    bed.store.variables.set(CERT, await ca.signCsr(pairs[2].csrPem, { days: 300 }));
    expect((await bed.run({})).state).toBe('not-due');
    expect((await bed.run({ force: 'true', 'dry-run': 'true' })).state).toBe('requested');
    expect(tracker.calls).toEqual([]);
  });

  it('a failed issue call leaves the credential stored and says so', async () => {
    tracker.failNext('openIssue', new Error('GitHub answered 502 after 3 retries'));
    const error = await bed.run({}).then(
      () => new Error('expected a failure'),
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(PartialWriteError);
    expect(error instanceof Error ? error.message : '').toMatch(
      /^The credential writes succeeded \(secret MANGOPAY_MTLS_KEY_PENDING, variable MANGOPAY_MTLS_CSR, artifact \S+\), but updating the rotation issue failed: GitHub answered 502/,
    );
    expect(bed.store.secrets.has(PENDING)).toBe(true);
    expect(bed.store.variables.get(CSR)).toBe(pairs[0].csrPem);
  });
});

describe('promote', () => {
  it('replies with what was installed and closes the open issue', async () => {
    await bed.run({});
    const certificate = await ca.signCsr(pairs[0].csrPem, { days: 365 });
    const result = await bed.run({ mode: 'promote', certificate, 'pending-private-key': pairs[0].keyPem });
    expect(result.issue).toEqual({ number: 1, url: 'https://github.com/octo-org/payments/issues/1' });
    expect(tracker.issues[0]).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(tracker.issues[0].comments.at(-1)?.body).toContain('kind=installed');
  });

  it('a refusal is replied on the issue whose comment triggered the run, and only there', async () => {
    await bed.run({});
    const wrong = await ca.signCsr(pairs[1].csrPem, { days: 365 });
    const given = asPromote(
      bed.settings({ mode: 'promote', certificate: wrong, 'pending-private-key': pairs[0].keyPem }),
    );
    await expect(bed.rotate(given)).rejects.toBeInstanceOf(RefusedError);
    expect(tracker.issues[0].comments).toHaveLength(0);
    const issue = tracker.issues[0];
    const payload = commentEvent(
      {
        ...issue,
        author: 'github-actions[bot]',
        isPullRequest: false,
        comments: [],
        createdAt: '',
        stateReason: null,
        events: [],
      },
      'octocat',
      pastedReply(wrong),
    );
    await expect(bed.rotate({ ...given, certificate: { kind: 'comment', payload } })).rejects.toBeInstanceOf(
      RefusedError,
    );
    expect(tracker.issues[0].comments.map((comment) => comment.body.split('\n')[0])).toEqual([
      `<!-- mangopay-mtls-rotate:comment v1 kind=refused answers=${payload.comment.id} -->`,
    ]);
    expect(tracker.issues[0].state).toBe('open');
  });
});
