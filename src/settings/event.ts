/**
 * The event that started the run, from the runner's contract (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH). Only an
 * issue_comment's payload is read, since only a comment can carry a certificate; it stays `unknown`:
 * src/issue/policy.ts checks it field by field.
 */
import { readFile } from 'node:fs/promises';

export type RunEvent =
  /** An issue_comment event: the payload holds the comment (untrusted). */
  | { kind: 'comment'; payload: unknown }
  /** Any other event (schedule, workflow_dispatch, push, …), or none outside a workflow. */
  | { kind: 'other'; name: string };

export async function readRunEvent(env: NodeJS.ProcessEnv): Promise<RunEvent> {
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (name !== 'issue_comment' || !env.GITHUB_EVENT_PATH) return { kind: 'other', name };
  return { kind: 'comment', payload: JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as unknown };
}
