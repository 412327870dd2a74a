/** GitHub's issue and comment objects, read field by field: an API answer is untrusted. */
import { field, isPositiveInteger, labelNames, timestamp } from '../../domain/json.js';
import type { IssueComment, RotationIssue } from '../../ports/issue-tracker.js';

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
export function toComment(item: unknown): IssueComment | undefined {
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
