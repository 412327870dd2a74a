/**
 * Turns a failed GitHub call into a message a person can act on: which call, why (by status), and
 * which permission or object is missing. Never includes request bodies (they hold sealed secrets).
 */
import { MAX_RETRIES } from './github.js';

/** What the failed call was for, in words and in permissions. */
export interface CallPurpose {
  /** e.g. "write secret MANGOPAY_MTLS_KEY_PENDING in repository octo-org/payments" */
  action: string;
  /** The fine-grained permission it needs, e.g. "Secrets: read and write". */
  permission: string;
  /** What a 404 most likely means for this call. */
  notFound: string;
}

interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export class GitHubCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'GitHubCallError';
  }
}

export function explainGitHubError(error: unknown, purpose: CallPurpose, now = new Date()): GitHubCallError {
  const http = (typeof error === 'object' && error !== null ? error : {}) as HttpErrorLike;
  const status = typeof http.status === 'number' ? http.status : undefined;
  const headers = http.response?.headers ?? {};
  const apiMessage = githubMessage(http.response?.data) ?? '';
  const prefix = `Could not ${purpose.action}`;
  const retryAfter = Number(headers['retry-after']);

  if (status === 401) {
    return new GitHubCallError(
      `${prefix}: GitHub says the token is invalid or expired (401). Create a new token and update the secret passed as github-token.`,
      status,
    );
  }
  if ((status === 403 || status === 429) && /secondary rate limit|rate limit/i.test(apiMessage)) {
    const when =
      Number.isFinite(retryAfter) && retryAfter > 0 ? new Date(now.getTime() + retryAfter * 1000) : undefined;
    const advice = when
      ? `GitHub asked to wait ${retryAfter} s; run again after ${when.toISOString().replace(/\.\d{3}Z$/, 'Z')}.`
      : 'Run again in a few minutes.';
    return new GitHubCallError(
      `${prefix}: GitHub's rate limit stopped the call (${status}) after ${MAX_RETRIES} retries at most. ${advice}`,
      status,
    );
  }
  if (status === 403) {
    const accepted = headers['x-accepted-github-permissions'];
    const needs = accepted ? ` (GitHub accepts: ${String(accepted)})` : '';
    return new GitHubCallError(
      `${prefix}: the token lacks the permission "${purpose.permission}"${needs} (403). ` +
        'Give a fine-grained token or GitHub App that permission on this repository; the workflow GITHUB_TOKEN cannot write Actions secrets or variables.',
      status,
    );
  }
  if (status === 404) {
    return new GitHubCallError(`${prefix}: not found (404). ${purpose.notFound}`, status);
  }
  if (status === 422 || status === 400 || status === 409) {
    return new GitHubCallError(
      `${prefix}: GitHub rejected the request (${status}): ${apiMessage || 'no reason given'}.`,
      status,
    );
  }
  if (status === 429) {
    const advice =
      Number.isFinite(retryAfter) && retryAfter > 0 ? ` GitHub asked to wait ${retryAfter} s.` : '';
    return new GitHubCallError(`${prefix}: too many requests (429).${advice} Run again later.`, status);
  }
  if (status !== undefined && status >= 500 && http.response !== undefined) {
    return new GitHubCallError(
      `${prefix}: GitHub answered ${status} and still failed after ${MAX_RETRIES} retries. GitHub may be having an incident; run again later.`,
      status,
    );
  }
  const cause = http.message ? `: ${http.message}` : '';
  return new GitHubCallError(
    `${prefix}: the request failed${cause}. Check github-api-url and the network, then run again.`,
    status,
  );
}

function githubMessage(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = data.message;
    return typeof message === 'string' ? message : undefined;
  }
  return typeof data === 'string' && data.length < 500 ? data : undefined;
}
