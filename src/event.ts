/**
 * The workflow event, read from GITHUB_EVENT_PATH (the runner's contract). Only an `issue_comment` event
 * matters here; everything in it is untrusted and checked field by field.
 */
import { readFile } from 'node:fs/promises';

export interface CommentEvent {
  action: string;
  issue: { number: number; htmlUrl: string; labels: string[]; body: string; isPullRequest: boolean };
  comment: { id: number; htmlUrl: string; body: string; author: { login: string; isBot: boolean } };
}

/** The comment event of this run, or undefined when the run was not triggered by a comment. */
export async function readCommentEvent(env: NodeJS.ProcessEnv): Promise<CommentEvent | undefined> {
  if (env.GITHUB_EVENT_NAME !== 'issue_comment' || !env.GITHUB_EVENT_PATH) return undefined;
  const payload: unknown = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  return parseCommentEvent(payload);
}

export function parseCommentEvent(payload: unknown): CommentEvent {
  const event = record(payload, 'the event');
  const issue = record(event.issue, 'issue');
  const comment = record(event.comment, 'comment');
  const user = record(comment.user, 'comment.user');
  const labels = Array.isArray(issue.labels) ? issue.labels : [];
  const login = text(user.login, 'comment.user.login');
  return {
    action: text(event.action, 'action'),
    issue: {
      number: whole(issue.number, 'issue.number'),
      htmlUrl: optionalText(issue.html_url),
      labels: labels.flatMap((label) => {
        const name = typeof label === 'string' ? label : (record(label, 'issue.labels[]').name ?? '');
        return typeof name === 'string' ? [name] : [];
      }),
      body: optionalText(issue.body),
      isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    },
    comment: {
      id: whole(comment.id, 'comment.id'),
      htmlUrl: optionalText(comment.html_url),
      body: optionalText(comment.body),
      author: { login, isBot: user.type === 'Bot' || login.endsWith('[bot]') },
    },
  };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`The issue_comment event has no ${what} object (GITHUB_EVENT_PATH).`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new Error(`The issue_comment event has no ${what} (GITHUB_EVENT_PATH).`);
  return value;
}

function optionalText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function whole(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new Error(`The issue_comment event has no valid ${what} (GITHUB_EVENT_PATH).`);
  return value;
}
