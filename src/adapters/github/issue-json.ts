/** GitHub's issue objects, read field by field: an API answer is untrusted. */
import { field, isPositiveInteger, labelNames } from '../../domain/json.js';
import type { RotationIssue } from '../../ports/issue-tracker.js';

/** An issue from an API answer, or undefined when a field we rely on is missing or of the wrong type. */
export function toIssue(data: unknown): RotationIssue | undefined {
  const number = field(data, 'number');
  const url = field(data, 'html_url');
  const title = field(data, 'title');
  const body = field(data, 'body') ?? '';
  const assignees = field(data, 'assignees') ?? [];
  if (!isPositiveInteger(number) || typeof url !== 'string' || typeof title !== 'string') return undefined;
  if (typeof body !== 'string' || !Array.isArray(assignees)) return undefined;
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
  };
}
