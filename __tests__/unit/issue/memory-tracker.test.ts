// The in-memory tracker keeps the GitHub tracker's rules, so protocol tests of the modes can rely on it.
import { describe, expect, it } from '@jest/globals';
import { MemoryIssueTracker } from '../../support/memory/issue-tracker.js';
import { commentMarker, credentialMarker, type CredentialId } from '../../../src/issue/marker.js';
import { readThread } from '../../../src/issue/thread.js';

const ACME: CredentialId = {
  target: 'octo-org/payments',
  scope: 'repository',
  clientId: 'acme',
  mangopayEnvironment: 'sandbox',
};
const body = (id: CredentialId) => `x\n${credentialMarker(id)}`;

describe('MemoryIssueTracker', () => {
  it('finds by label and marker, oldest first, and never another credential’s issue', async () => {
    const tracker = new MemoryIssueTracker();
    tracker.seed({ body: body({ ...ACME, clientId: 'other' }), labels: ['mtls-rotation'] });
    tracker.seed({ body: body(ACME), labels: ['bug'] });
    const first = tracker.seed({ body: body(ACME), labels: ['mtls-rotation'] });
    const second = tracker.seed({ body: body(ACME), labels: ['MTLS-rotation'] });
    expect(await tracker.findOpenIssue('mtls-rotation', ACME)).toMatchObject({
      issue: { number: first.number },
      duplicates: [second.number],
    });
    await tracker.closeCompleted(first.number);
    expect(first).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect((await tracker.findOpenIssue('mtls-rotation', ACME))?.issue.number).toBe(second.number);
  });

  it('drops unassignable assignees with a warning and still opens the issue', async () => {
    const tracker = new MemoryIssueTracker({ assignable: ['alice'] });
    const { issue, warnings } = await tracker.openIssue({
      title: 't',
      body: '',
      labels: [],
      assignees: ['alice', 'bob'],
    });
    expect(issue.assignees).toEqual(['alice']);
    expect(warnings).toEqual([expect.stringContaining('Not assigned: bob')]);
  });

  it('lists comments since a moment, tells its own marked ones apart, and fails a chosen call once', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const tracker = new MemoryIssueTracker({ now: () => clock, roles: { alice: 'admin' } });
    const issue = tracker.seed({ body: body(ACME), labels: [] });
    await tracker.comment(issue.number, `${commentMarker({ kind: 'reminder' })}\nfirst`);
    clock = new Date('2026-01-08T00:00:00Z');
    tracker.addComment(issue.number, 'mallory', `${commentMarker({ kind: 'reminder' })}\nfake`);
    tracker.failNext('comment', new Error('boom'));
    await expect(tracker.comment(issue.number, 'x')).rejects.toThrow('boom');
    const all = await tracker.commentsSince(issue.number, undefined);
    expect(readThread(all, issue.author, undefined).lastReminderAt).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect((await tracker.commentsSince(issue.number, clock)).map((c) => c.author.login)).toEqual([
      'mallory',
    ]);
    expect(await tracker.permission('alice')).toBe('admin');
    expect(await tracker.permission('bob')).toBeUndefined();
    tracker.reopen(issue.number, clock);
    expect(await tracker.reopenedAt(issue.number)).toEqual(clock);
    expect(tracker.calls).toEqual([
      'comment',
      'comment',
      'commentsSince',
      'commentsSince',
      'permission',
      'permission',
      'reopenedAt',
    ]);
  });
});
