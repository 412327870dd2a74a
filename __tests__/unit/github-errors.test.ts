// The retry policy and the error messages, as pure functions of a failed call.
import { describe, expect, it } from '@jest/globals';
import { MAX_RETRY_AFTER_SECONDS, rateLimitWait } from '../../src/adapters/github/client.js';
import { explainGitHubError, GitHubCallError, type CallPurpose } from '../../src/adapters/github/errors.js';

const NOW = Date.parse('2026-11-29T10:00:00Z');

/** What @octokit/request throws for an HTTP error answer. */
function answer(status: number, data: unknown = {}, headers: Record<string, string> = {}) {
  const message = typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : '';
  return Object.assign(new Error(message), {
    name: 'HttpError',
    status,
    response: { status, headers, data },
  });
}
/** What it throws when no answer came (the fetch failed): status 500, the fetch failure as `cause`. */
function noAnswer(message = 'other side closed', cause: Error = new TypeError('fetch failed')) {
  return Object.assign(new Error(message), { name: 'HttpError', status: 500, cause });
}
const secondaryLimit = (headers: Record<string, string> = {}, status = 403) =>
  answer(
    status,
    { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
    headers,
  );

// Whether and how long to retry is decided by @octokit/plugin-retry and plugin-throttling (see
// __tests__/integration/faults.test.ts, which counts attempts against the fake); this is the wait the
// error messages quote.
describe('rateLimitWait', () => {
  it('reads retry-after as seconds or an HTTP date', () => {
    expect(rateLimitWait(answer(429, {}, { 'retry-after': '7' }), NOW)).toBe(7);
    const date = new Date(NOW + 30_000).toUTCString();
    expect(rateLimitWait(answer(429, {}, { 'retry-after': date }), NOW)).toBe(30);
  });

  it('secondary rate limits (403 or 429) wait retry-after, or a minute without it', () => {
    expect(rateLimitWait(secondaryLimit({ 'retry-after': '2' }), NOW)).toBe(2);
    expect(rateLimitWait(secondaryLimit({ 'retry-after': '2' }, 429), NOW)).toBe(2);
    expect(rateLimitWait(secondaryLimit(), NOW)).toBe(60);
  });

  it('a primary rate limit waits until x-ratelimit-reset, plus a second', () => {
    const limited = answer(
      403,
      { message: 'API rate limit exceeded for installation ID 1.' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) },
    );
    expect(rateLimitWait(limited, NOW)).toBe(3601);
  });

  it('a 403 that is not a rate limit, and other statuses, are not rate limits', () => {
    const denied = answer(
      403,
      { message: 'Resource not accessible by personal access token' },
      { 'x-ratelimit-remaining': '4999' },
    );
    expect(rateLimitWait(denied, NOW)).toBeUndefined();
    expect(rateLimitWait(answer(502), NOW)).toBeUndefined();
    expect(rateLimitWait(noAnswer(), NOW)).toBeUndefined();
  });
});

describe('explainGitHubError', () => {
  const repositoryWrite: CallPurpose = {
    action: 'write secret MANGOPAY_MTLS_KEY_PENDING in repository octo-org/payments',
    permissions: ['Secrets: read and write'],
    repository: 'octo-org/payments',
    notFound: 'The repository octo-org/payments does not exist, or the token cannot see it.',
  };
  const environmentWrite: CallPurpose = {
    action: 'write variable MANGOPAY_MTLS_CSR in environment "production" of octo-org/payments',
    permissions: ['Variables: read and write', 'Environments: read and write'],
    repository: 'octo-org/payments',
    notFound: 'The environment "production" does not exist in octo-org/payments.',
  };
  const explain = (error: unknown, purpose = repositoryWrite) =>
    explainGitHubError(error, purpose, new Date(NOW));

  it('401: the token is invalid or expired, and where to replace it', () => {
    const error = explain(answer(401, { message: 'Bad credentials' }));
    expect(error).toBeInstanceOf(GitHubCallError);
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      'Could not write secret MANGOPAY_MTLS_KEY_PENDING in repository octo-org/payments: GitHub refused the token ' +
        '(401 "Bad credentials"): it is invalid, expired or revoked. Create a new token and update the secret passed as github-token.',
    );
  });

  it('403: the permission the write needs, what GitHub accepts, and that GITHUB_TOKEN cannot write secrets', () => {
    const message = explain(
      answer(
        403,
        { message: 'Resource not accessible by integration' },
        { 'x-accepted-github-permissions': 'secrets=write' },
      ),
    ).message;
    expect(message).toContain('the token is not allowed to (403 "Resource not accessible by integration")');
    expect(message).toContain(
      'It needs the repository permission "Secrets: read and write" on octo-org/payments',
    );
    expect(message).toContain('(GitHub accepts: secrets=write)');
    expect(message).toContain("the workflow's GITHUB_TOKEN cannot write Actions secrets or variables");
  });

  it('403 in an environment: Variables and Environments', () => {
    const message = explain(answer(403, { message: 'Forbidden' }), environmentWrite).message;
    expect(message).toContain(
      'It needs the repository permissions "Variables: read and write" and "Environments: read and write" on octo-org/payments.',
    );
  });

  it('404: what is missing', () => {
    expect(explain(answer(404, { message: 'Not Found' }), environmentWrite).message).toBe(
      'Could not write variable MANGOPAY_MTLS_CSR in environment "production" of octo-org/payments: not found (404). ' +
        'The environment "production" does not exist in octo-org/payments.',
    );
  });

  it('422: what GitHub rejected, with the details of a validation error', () => {
    const body = {
      message: 'Validation Failed',
      errors: [
        { resource: 'Variable', code: 'already_exists', field: 'name' },
        { message: 'value is too long' },
      ],
    };
    expect(explain(answer(422, body)).message).toMatch(
      /GitHub rejected the request \(422\): Validation Failed; name already_exists; value is too long\.$/,
    );
    expect(explain(answer(422, {})).message).toMatch(/\(422\): no reason given\.$/);
    expect(explain(answer(422, { message: 'Invalid request.' })).message).toMatch(
      /\(422\): Invalid request\.$/,
    );
  });

  it("GitHub's text is quoted on one short line: no line breaks, no control characters, at most 300 characters", () => {
    const message = explain(answer(422, { message: `bad\nthing\u001b[31m ${'x'.repeat(1000)}` })).message;
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message.length).toBeLessThan(450);
    expect(message).toContain('bad thing [31m xxx');
  });

  // plugin-retry retries every 5xx and every failure without an answer, so one that reaches the message has
  // used all its retries.
  it('5xx after the retries: GitHub may be having an incident', () => {
    expect(explain(answer(502, 'Bad Gateway')).message).toMatch(
      /: GitHub answered 502 after 3 retries\. GitHub may be having an incident \(https:\/\/www\.githubstatus\.com\); run again later\.$/,
    );
  });

  it('no answer: the network or github-api-url', () => {
    expect(explain(noAnswer('connect ECONNREFUSED 127.0.0.1:1')).message).toMatch(
      /: no answer from GitHub after 3 retries: connect ECONNREFUSED 127\.0\.0\.1:1\. Check github-api-url and the network, then run again\.$/,
    );
  });

  it('no answer in time: says the attempt timed out (the per-attempt timeout fails fetch with a TimeoutError)', () => {
    const timedOut = noAnswer(
      'The operation was aborted due to timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    );
    expect(explain(timedOut).message).toMatch(
      /: no answer from GitHub after 3 retries: the last attempt timed out\. Check github-api-url/,
    );
  });

  it('a rate limit longer than 60 s: says when to run again', () => {
    const message = explain(secondaryLimit({ 'retry-after': '3600' })).message;
    expect(message).toContain(
      `GitHub's rate limit stopped the call (403) and asks to wait 3600 s, longer than the ${MAX_RETRY_AFTER_SECONDS} s this action waits.`,
    );
    expect(message).toMatch(/Run again after 2026-11-29T11:00:00Z\.$/);
  });

  it('a primary rate limit: run again after the reset', () => {
    const error = answer(
      429,
      { message: 'API rate limit exceeded' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 600) },
    );
    expect(explain(error).message).toMatch(/asks to wait 601 s.*Run again after 2026-11-29T10:10:01Z\.$/);
  });

  it('a rate limit still in force after the retries: run again after the last wait', () => {
    expect(explain(secondaryLimit({ 'retry-after': '5' })).message).toMatch(
      /GitHub's rate limit stopped the call \(403\)\. Run again after 2026-11-29T10:00:05Z\.$/,
    );
  });

  it('never quotes the request (it holds the sealed secret) or the token', () => {
    const error = Object.assign(answer(422, { message: 'Bad request - Invalid key_id' }), {
      request: {
        headers: { authorization: 'token ghp_secret' },
        body: JSON.stringify({ encrypted_value: 'SEALED-BOX' }),
      },
    });
    const message = explain(error).message;
    expect(message).not.toContain('ghp_secret');
    expect(message).not.toContain('SEALED-BOX');
  });
});
