/**
 * What the GitHub tracker reads out of GitHub's answers: an issue, the comments since a moment (one call with
 * `since`, more only for pages of 100) and the reopening events. Every item is checked field by field; a
 * malformed one is left out.
 */
import type { GitHubClient } from './client.js';
import { field, isPositiveInteger, labelNames, timestamp } from '../../domain/json.js';
import type { IssueComment, RotationIssue } from '../../ports/issue-tracker.js';

/** Pages of 100 read at most when listing issues, comments or events (older ones are not looked at). */
export const MAX_PAGES = 10;

interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

export async function listComments(
  octokit: GitHubClient,
  issue: IssueRef,
  since: Date | undefined,
): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...issue,
    // GitHub lists comments updated *after* `since`: a second earlier keeps one made in the same second.
    ...(since === undefined ? {} : { since: isoSeconds(new Date(since.getTime() - 1000)) }),
    per_page: 100,
  });
  let page = 0;
  for await (const { data } of pages) {
    for (const item of data as unknown[]) {
      const comment = toComment(item);
      if (comment !== undefined) found.push(comment);
    }
    if (++page >= MAX_PAGES) break;
  }
  return found;
}

/** The time of the issue's last `reopened` event; undefined when there is none. */
export async function lastReopened(octokit: GitHubClient, issue: IssueRef): Promise<Date | undefined> {
  let last: Date | undefined;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listEvents, { ...issue, per_page: 100 });
  let page = 0;
  for await (const { data } of pages) {
    for (const item of data as unknown[]) {
      const at = field(item, 'event') === 'reopened' ? timestamp(field(item, 'created_at')) : undefined;
      if (at !== undefined && (last === undefined || at > last)) last = at;
    }
    if (++page >= MAX_PAGES) break;
  }
  return last;
}

/** An issue from an API answer, or undefined when a field we rely on is missing or of the wrong type. */
export function toIssue(data: unknown): RotationIssue | undefined {
  const number = field(data, 'number');
  const url = field(data, 'html_url');
  const title = field(data, 'title');
  const body = field(data, 'body') ?? '';
  const assignees = field(data, 'assignees') ?? [];
  const createdAt = timestamp(field(data, 'created_at'));
  if (!isPositiveInteger(number) || typeof url !== 'string' || typeof title !== 'string') return undefined;
  if (typeof body !== 'string' || !Array.isArray(assignees) || createdAt === undefined) return undefined;
  const logins = assignees.map((user: unknown) => field(user, 'login')).filter((l) => typeof l === 'string');
  const author = field(field(data, 'user'), 'login');
  return {
    number,
    url,
    title,
    body,
    assignees: logins,
    labels: labelNames(field(data, 'labels')),
    author: typeof author === 'string' ? author : undefined,
    createdAt,
    reopened: field(data, 'state_reason') === 'reopened',
  };
}

/** A comment from an API answer; undefined when a field we rely on is missing or of the wrong type. */
function toComment(item: unknown): IssueComment | undefined {
  const id = field(item, 'id');
  const body = field(item, 'body') ?? '';
  const createdAt = timestamp(field(item, 'created_at'));
  const url = field(item, 'html_url');
  const user = field(item, 'user');
  const login = field(user, 'login');
  if (!isPositiveInteger(id) || typeof body !== 'string' || createdAt === undefined) return undefined;
  if (typeof url !== 'string' || typeof login !== 'string') return undefined;
  const bot = field(user, 'type') === 'Bot' || login.endsWith('[bot]');
  return { id, author: { login, bot }, body, createdAt, url };
}

/** `2026-01-01T10:00:00Z`: the form GitHub documents for `since`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
