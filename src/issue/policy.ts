/**
 * Pure decisions of the rotation issue: who may promote from a comment, when a reminder is due, when the
 * body is rewritten, and which comment events are none of our business. Everything that comes from GitHub
 * (event payloads, API answers) is `unknown` here and checked field by field.
 */
import { parseCredentialMarker, parseRequestMarker, sameCredential, sameRequest } from './marker.js';
import type { CredentialId, RequestStamp } from './marker.js';
import { field, isPositiveInteger, labelNames, timestamp } from '../domain/json.js';
import { EVENT_LOGIN, GITHUB_LOGIN } from '../domain/github-names.js';
import { DAY_MS } from '../domain/schedule.js';

export { labelNames };

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
export type RequiredPermission = 'write' | 'maintain' | 'admin';
const RANK: Record<Role, number> = { read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/**
 * The role from GET /repos/{owner}/{repo}/collaborators/{username}/permission: `role_name` for the built-in
 * roles, else `permission` (admin/write/read) for custom roles. Undefined for `none` or anything unknown.
 */
export function roleOf(answer: unknown): Role | undefined {
  const roleName = field(answer, 'role_name');
  if (isRole(roleName)) return roleName;
  const permission = field(answer, 'permission');
  return permission === 'admin' || permission === 'write' || permission === 'read' ? permission : undefined;
}

/** admin > maintain > write > triage > read; no role meets nothing. */
export function roleMeets(role: Role | undefined, required: RequiredPermission): boolean {
  return role !== undefined && RANK[role] >= RANK[required];
}

/**
 * At most one reminder per `intervalDays`, and the issue itself is the first notice: the interval runs from
 * the latest of `since` (when the issue was opened or reopened, and the last reminder's time; undefined
 * entries are left out), so a reminder is due once that moment is at least `intervalDays` old.
 */
export function reminderDue(since: readonly (Date | undefined)[], intervalDays: number, now: Date): boolean {
  const times = since.filter((date): date is Date => date !== undefined && !Number.isNaN(date.getTime()));
  if (times.length === 0) return true;
  const latest = Math.max(...times.map((date) => date.getTime()));
  return now.getTime() - latest >= intervalDays * DAY_MS;
}

/** Equal bodies, but for trailing whitespace on lines and at the end, and CRLF (the web editor adds it). */
export function sameBody(a: string, b: string): boolean {
  const norm = (text: string) =>
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trimEnd();
  return norm(a) === norm(b);
}

export type BodyPlan =
  /** The open issue describes this request for these assignees: keep its body (and its run link). */
  { kind: 'keep' } | { kind: 'rewrite'; reason: 'new-request' | 'assignees-changed' | 'no-stamp' };

/**
 * The body is kept across pending re-runs (it links the run that made the request) and rewritten only when
 * the request or the configured assignees change; an issue body without a valid stamp is rewritten.
 */
export function planBody(currentBody: string, desired: RequestStamp): BodyPlan {
  const current = parseRequestMarker(currentBody);
  if (current === undefined) return { kind: 'rewrite', reason: 'no-stamp' };
  if (sameRequest(current, desired)) return { kind: 'keep' };
  return current.publicKeySha256.toLowerCase() === desired.publicKeySha256.toLowerCase()
    ? { kind: 'rewrite', reason: 'assignees-changed' }
    : { kind: 'rewrite', reason: 'new-request' };
}

/** The comment to act on, taken from an `issue_comment` event payload. */
export interface CommentEvent {
  issueNumber: number;
  commentId: number;
  /** The commenter, whose permission is checked through the API. */
  login: string;
  body: string;
  /** `created_at` of the comment, when the payload says (replies to it come later). */
  createdAt: Date | undefined;
  /** Who opened the issue (the identity of issue-token): only its comments can be the tool's replies. */
  issueAuthor: string | undefined;
}

export type CommentVerdict = { kind: 'consider'; comment: CommentEvent } | { kind: 'ignore'; reason: string };

/**
 * Whether an `issue_comment` event is for us. Ignored: an action other than `created`, a comment on a pull
 * request, a bot's comment, an issue without the label or without this credential's marker.
 */
export function triageCommentEvent(
  payload: unknown,
  label: string,
  credential: CredentialId,
): CommentVerdict {
  const ignore = (reason: string): CommentVerdict => ({ kind: 'ignore', reason });
  if (field(payload, 'action') !== 'created') return ignore('the comment was not just created');
  const issue = field(payload, 'issue');
  const comment = field(payload, 'comment');
  if (field(issue, 'pull_request') !== undefined) return ignore('the comment is on a pull request');
  const user = field(comment, 'user');
  const login = field(user, 'login');
  const body = field(comment, 'body');
  const issueNumber = field(issue, 'number');
  const commentId = field(comment, 'id');
  if (typeof login !== 'string' || !EVENT_LOGIN.test(login)) return ignore('the event names no commenter');
  if (field(user, 'type') === 'Bot' || login.endsWith('[bot]')) return ignore('the comment is by a bot');
  if (!isPositiveInteger(issueNumber) || !isPositiveInteger(commentId))
    return ignore('the event names no issue');
  if (!labelNames(field(issue, 'labels')).includes(label.toLowerCase()))
    return ignore(`the issue does not have the label ${label}`);
  const issueBody = field(issue, 'body');
  const marked = typeof issueBody === 'string' ? parseCredentialMarker(issueBody) : undefined;
  if (marked === undefined) return ignore('the issue is not a rotation issue (no marker)');
  if (!sameCredential(marked, credential)) return ignore('the issue is about another credential');
  if (typeof body !== 'string') return ignore('the comment has no body');
  const issueAuthor = field(field(issue, 'user'), 'login');
  return {
    kind: 'consider',
    comment: {
      issueNumber,
      commentId,
      login,
      body,
      createdAt: timestamp(field(comment, 'created_at')),
      issueAuthor: typeof issueAuthor === 'string' ? issueAuthor : undefined,
    },
  };
}

/** `issue-assignees`: comma-separated logins, `@` allowed, blanks and duplicates dropped. */
export function parseAssignees(value: string): { logins: string[]; invalid: string[] } {
  const logins: string[] = [];
  const invalid: string[] = [];
  for (const raw of value.split(',')) {
    const login = raw.trim().replace(/^@/, '');
    if (login === '') continue;
    if (!GITHUB_LOGIN.test(login)) invalid.push(login);
    else if (!logins.some((known) => known.toLowerCase() === login.toLowerCase())) logins.push(login);
  }
  return { logins, invalid };
}
