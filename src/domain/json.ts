/** Reading GitHub's JSON answers and event payloads field by field: all of it is untrusted. */
import type { RotationIssue } from '../ports/issue-tracker.js';

export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

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

/** Label names, lower-cased: the payload gives objects with `name` (strings are accepted too). */
export function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels
    .map((label: unknown) => (typeof label === 'string' ? label : field(label, 'name')))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.toLowerCase());
}
