/**
 * The issue_comment event that may carry a certificate: read from GITHUB_EVENT_PATH (the runner's contract)
 * only for promote with neither certificate nor certificate-file given. The payload stays `unknown`:
 * src/issue/policy.ts checks it field by field.
 */
import { readFile } from 'node:fs/promises';
import type { InputReader } from './inputs.js';

export async function commentEventPayload(read: InputReader, env: NodeJS.ProcessEnv): Promise<unknown> {
  if (env.GITHUB_EVENT_NAME !== 'issue_comment' || !env.GITHUB_EVENT_PATH) return undefined;
  if (read('mode').trim() !== 'promote') return undefined;
  if (read('certificate').trim() !== '' || read('certificate-file').trim() !== '') return undefined;
  return JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as unknown;
}
