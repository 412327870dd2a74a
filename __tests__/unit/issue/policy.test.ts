// Pure decisions: roles, reminders, body rewrites, which comment events are ours, assignees.
import { describe, expect, it } from '@jest/globals';
import { credentialMarker, requestMarker, type CredentialId } from '../../../src/issue/marker.js';
import {
  parseAssignees,
  planBody,
  reminderDue,
  roleMeets,
  roleOf,
  sameBody,
  triageCommentEvent,
} from '../../../src/issue/policy.js';

const ACME: CredentialId = {
  target: 'octo-org/payments',
  scope: 'repository',
  clientId: 'acme',
  mangopayEnvironment: 'sandbox',
};
const SHA = 'ab'.repeat(32);

describe('permissions', () => {
  it('ranks admin > maintain > write > triage > read, role_name first, permission for custom roles', () => {
    const answer = (role_name: string, permission: string) => ({ role_name, permission, user: null });
    expect(roleOf(answer('maintain', 'write'))).toBe('maintain');
    expect(roleOf(answer('triage', 'read'))).toBe('triage');
    expect(roleOf(answer('release-manager', 'write'))).toBe('write');
    expect(roleOf(answer('', 'none'))).toBeUndefined();
    for (const hostile of [undefined, null, 'admin', { role_name: 'toString' }, { permission: 'owner' }]) {
      expect(roleOf(hostile)).toBeUndefined();
    }
    expect(roleMeets(roleOf(answer('maintain', 'write')), 'write')).toBe(true);
    expect(roleMeets(roleOf(answer('maintain', 'write')), 'maintain')).toBe(true);
    expect(roleMeets(roleOf(answer('maintain', 'write')), 'admin')).toBe(false);
    expect(roleMeets(roleOf(answer('triage', 'read')), 'write')).toBe(false);
    expect(roleMeets(roleOf(answer('custom', 'admin')), 'admin')).toBe(true);
    expect(roleMeets(roleOf(answer('custom', 'read')), 'write')).toBe(false);
  });
});

describe('reminders', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  const at = (iso: string) => new Date(iso);
  it('counts the interval from the latest of the times given: the issue itself is the first notice', () => {
    expect(reminderDue([at('2026-06-03T12:00:00Z'), undefined], 7, now)).toBe(true);
    expect(reminderDue([at('2026-06-03T12:00:01Z'), undefined], 7, now)).toBe(false);
    // The issue opened long ago, the last reminder yesterday: not yet.
    expect(reminderDue([at('2026-01-01T00:00:00Z'), at('2026-06-09T12:00:00Z')], 7, now)).toBe(false);
    expect(reminderDue([at('2026-06-09T12:00:00Z'), at('2026-01-01T00:00:00Z')], 7, now)).toBe(false);
    expect(reminderDue([at('2026-01-01T00:00:00Z'), at('2026-06-03T12:00:00Z')], 7, now)).toBe(true);
  });

  it('takes the interval as given: 1 and 3 days, not the default 7', () => {
    const opened = at('2026-06-08T12:00:00Z'); // two days before now
    expect(reminderDue([opened], 1, now)).toBe(true);
    expect(reminderDue([opened], 3, now)).toBe(false);
    expect(reminderDue([at('2026-06-09T12:00:00Z')], 1, now)).toBe(true);
    expect(reminderDue([at('2026-06-09T12:00:01Z')], 1, now)).toBe(false);
    expect(reminderDue([at('2026-06-07T12:00:00Z')], 3, now)).toBe(true);
  });

  it('is due when no time is known (nothing to count from)', () => {
    expect(reminderDue([], 7, now)).toBe(true);
    expect(reminderDue([undefined, at('nonsense')], 7, now)).toBe(true);
  });
});

describe('issue body', () => {
  const stamp = { publicKeySha256: SHA, assignees: ['alice'] };
  const body = `text\n${requestMarker(stamp)}\n`;
  it('keeps the body for the same request and assignees; rewrites otherwise', () => {
    expect(planBody(body, stamp)).toEqual({ kind: 'keep' });
    expect(planBody(body, { ...stamp, assignees: ['ALICE'] })).toEqual({ kind: 'keep' });
    expect(planBody(body, { ...stamp, assignees: [] })).toEqual({
      kind: 'rewrite',
      reason: 'assignees-changed',
    });
    expect(planBody(body, { ...stamp, publicKeySha256: 'cd'.repeat(32) })).toEqual({
      kind: 'rewrite',
      reason: 'new-request',
    });
    expect(planBody('edited by a person', stamp)).toEqual({ kind: 'rewrite', reason: 'no-stamp' });
  });

  it('compares bodies ignoring only trailing whitespace and CRLF', () => {
    expect(sameBody('a\nb\n', 'a  \r\nb\r\n\r\n')).toBe(true);
    expect(sameBody('a\nb', 'a\n b')).toBe(false);
    expect(sameBody('a\nb', 'a\n\nb')).toBe(false);
  });
});

describe('comment events', () => {
  const event = (changes: { action?: string; issue?: object; comment?: object } = {}) => ({
    action: changes.action ?? 'created',
    issue: {
      number: 7,
      labels: [{ name: 'MTLS-Rotation' }],
      body: `hello\n${credentialMarker(ACME)}`,
      ...changes.issue,
    },
    comment: { id: 99, body: 'cert', user: { login: 'alice', type: 'User' }, ...changes.comment },
  });

  it('considers a new comment by a person on this credential’s issue', () => {
    expect(triageCommentEvent(event(), 'mtls-rotation', ACME)).toEqual({
      kind: 'consider',
      comment: { issueNumber: 7, commentId: 99, login: 'alice', body: 'cert' },
    });
  });

  it('ignores everything else, with a reason', () => {
    const ignored = [
      event({ action: 'edited' }),
      event({ issue: { pull_request: { url: 'x' } } }),
      event({ comment: { user: { login: 'renovate[bot]', type: 'User' } } }),
      event({ comment: { user: { login: 'helper', type: 'Bot' } } }),
      event({ comment: { user: { login: 'evil\nname', type: 'User' } } }),
      event({ issue: { labels: [{ name: 'bug' }] } }),
      event({ issue: { body: 'no marker' } }),
      event({ issue: { body: null } }),
      event({ issue: { body: credentialMarker({ ...ACME, clientId: 'other' }) } }),
      event({ issue: { number: '7' } }),
      event({ comment: { body: 42 } }),
      null,
      'created',
    ];
    for (const payload of ignored)
      expect(triageCommentEvent(payload, 'mtls-rotation', ACME).kind).toBe('ignore');
  });
});

describe('assignees input', () => {
  it('splits, trims, drops @ and duplicates, and names invalid logins', () => {
    expect(parseAssignees(' @alice, bob ,,Alice, bad login, x'.repeat(1))).toEqual({
      logins: ['alice', 'bob', 'x'],
      invalid: ['bad login'],
    });
    expect(parseAssignees('')).toEqual({ logins: [], invalid: [] });
  });
});
