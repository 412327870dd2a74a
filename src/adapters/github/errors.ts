/**
 * Turns a failed GitHub call into one line a person can act on: which call, why (by status), and which
 * permission or object is missing. Never includes request bodies (they hold sealed secrets) or the token.
 */
import { asHttpError, isTimeout, MAX_RETRIES, MAX_RETRY_AFTER_SECONDS, rateLimitWait } from './client.js';
import { isoUtc } from '../../domain/schedule.js';

/** What the failed call was for, in words and in permissions. */
export interface CallPurpose {
  /** e.g. "write secret MANGOPAY_MTLS_KEY_PENDING in repository octo-org/payments" */
  action: string;
  /** The fine-grained repository permissions it needs, e.g. ["Secrets: read and write"]. */
  permissions: string[];
  /** 'owner/name', for the permission advice (the organization login for organization permissions). */
  repository: string;
  /** Whose permissions `permissions` are; default repository. */
  permissionScope?: 'repository' | 'organization';
  /** What a 404 most likely means for this call. */
  notFound: string;
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

/** Longest piece of GitHub's own error text we quote. */
const MAX_QUOTED = 300;

export function explainGitHubError(error: unknown, purpose: CallPurpose, now = new Date()): GitHubCallError {
  const http = asHttpError(error);
  const status = statusOf(error);
  const headers = http.response?.headers ?? {};
  // Without a final period: the messages below add their own punctuation.
  const reason = githubReason(http.response?.data)?.replace(/[.\s]+$/, '');
  const quoted = reason ? ` "${reason}"` : '';
  const prefix = `Could not ${purpose.action}`;
  // 5xx answers and failures without an answer reach here only after plugin-retry's last retry.
  const retried = ` after ${MAX_RETRIES} retries`;
  const fail = (text: string) => new GitHubCallError(`${prefix}: ${text}`, status);

  if (http.response !== undefined && status === 401) {
    return fail(
      `GitHub refused the token (401${quoted}): it is invalid, expired or revoked. ` +
        'Create a new token and update the secret passed as github-token.',
    );
  }
  const wait = http.response !== undefined ? rateLimitWait(error, now.getTime()) : undefined;
  if (wait !== undefined) {
    const after = isoUtc(new Date(now.getTime() + Math.max(wait, 1) * 1000));
    const why =
      wait > MAX_RETRY_AFTER_SECONDS
        ? `GitHub's rate limit stopped the call (${status}) and asks to wait ${wait} s, longer than the ` +
          `${MAX_RETRY_AFTER_SECONDS} s this action waits`
        : `GitHub's rate limit stopped the call (${status})`;
    return fail(`${why}. Run again after ${after}.`);
  }
  if (http.response !== undefined && status === 403) {
    const accepted = headers['x-accepted-github-permissions'];
    const githubSays = accepted ? ` (GitHub accepts: ${String(accepted).replace(/,/g, ', ')})` : '';
    const needs = purpose.permissions.map((permission) => `"${permission}"`).join(' and ');
    const organization = purpose.permissionScope === 'organization';
    const owners = organization ? ', which only organization owners can grant' : '';
    return fail(
      `the token is not allowed to (403${quoted}). ${organization ? 'It needs the organization permission' : 'It needs the repository permission'}${purpose.permissions.length > 1 ? 's' : ''} ` +
        `${needs} on ${purpose.repository}${githubSays}${owners}. Use a fine-grained personal access token or a GitHub App ` +
        "token with that access; the workflow's GITHUB_TOKEN cannot write Actions secrets or variables.",
    );
  }
  if (http.response !== undefined && status === 404) {
    return fail(`not found (404). ${purpose.notFound}`);
  }
  if (http.response !== undefined && status !== undefined && status >= 400 && status < 500) {
    return fail(`GitHub rejected the request (${status}): ${reason || 'no reason given'}.`);
  }
  if (http.response !== undefined && status !== undefined && status >= 500) {
    return fail(
      `GitHub answered ${status}${retried}. GitHub may be having an incident (https://www.githubstatus.com); run again later.`,
    );
  }
  if (http.response !== undefined) {
    return fail(`GitHub answered ${status ?? 'without a status'}${quoted}.`);
  }
  const cause = isTimeout(error)
    ? `: the last attempt timed out`
    : http.message
      ? `: ${clip(http.message)}`
      : '';
  return fail(
    `no answer from GitHub${retried}${cause}. Check github-api-url and the network, then run again.`,
  );
}

/** GitHub's error text: `message`, plus the details of a validation error, on one short line. */
function githubReason(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim() === '' ? undefined : clip(data);
  if (typeof data !== 'object' || data === null) return undefined;
  const body = data as { message?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof body.message === 'string') parts.push(body.message);
  if (Array.isArray(body.errors)) {
    for (const item of body.errors as unknown[]) {
      if (typeof item === 'string') parts.push(item);
      else if (typeof item === 'object' && item !== null) {
        const { message, field, code } = item as { message?: unknown; field?: unknown; code?: unknown };
        if (typeof message === 'string') parts.push(message);
        else if (typeof field === 'string' || typeof code === 'string')
          parts.push([field, code].filter((x) => typeof x === 'string').join(' '));
      }
    }
  }
  return parts.length === 0 ? undefined : clip(parts.join('; '));
}

function clip(text: string): string {
  const line = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED - 3)}...` : line;
}

/** The HTTP status of a failed call, when it got an answer. */
export function statusOf(error: unknown): number | undefined {
  const { status } = asHttpError(error);
  return typeof status === 'number' ? status : undefined;
}

/** Runs one call; a failure becomes one line that names the call and what to do. */
export async function callGitHub<T>(purpose: CallPurpose, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw explainGitHubError(error, purpose);
  }
}
