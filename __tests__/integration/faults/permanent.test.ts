// Permanent faults on every call, at both scopes: other 4xx answers and rate limits asking for more than
// 60 s are never retried; the call fails after one attempt with a message naming the cause.
import { describe, expect, it } from '@jest/globals';
import { GitHubCallError } from '../../../src/adapters/github/errors.js';
import type { Fault } from '../../support/fake-github.js';
import {
  attempt,
  errorOf,
  NO_ACCESS,
  OPERATIONS,
  READ_ONLY,
  REPOSITORY,
  SCOPES,
  secondary,
  status,
  type Outcome,
} from './calls.js';

function failsAtOnce(outcome: Outcome, message: RegExp): string {
  const error = errorOf(outcome);
  expect(error).toBeInstanceOf(GitHubCallError);
  expect(error.message).toMatch(message);
  expect(outcome.attempts).toBe(1);
  expect(outcome.log).toEqual([]);
  return error.message;
}

const LONG_LIMITS: [string, Fault][] = [
  ['a secondary rate limit with retry-after: 61', secondary(61)],
  ['a 429 with retry-after: 3600', status(429, { headers: { 'retry-after': '3600' } })],
  [
    'a primary rate limit resetting in an hour',
    status(403, {
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      },
      body: { message: 'API rate limit exceeded for user ID 1.' },
    }),
  ],
];

describe.each(SCOPES)('$name scope', (scope) => {
  describe.each(OPERATIONS)('$name', (op) => {
    it('401: fails at once and says the token is invalid or expired', async () => {
      const outcome = await attempt(scope, op, { faults: [status(401)] });
      failsAtOnce(outcome, /401.*invalid, expired or revoked.*github-token/);
    });

    it('403 (a token without the permission): fails at once naming the permission', async () => {
      const token = op.access === 'read' ? NO_ACCESS : READ_ONLY;
      const level = op.access === 'read' ? 'read' : 'read and write';
      const outcome = await attempt(scope, op, { token });
      const message = failsAtOnce(
        outcome,
        new RegExp(`^Could not .*: the token is not allowed to \\(403.*"${op.resource}: ${level}"`),
      );
      expect(message).toContain(`on ${REPOSITORY}`);
      expect(message).toContain('GITHUB_TOKEN cannot write Actions secrets');
      expect(message).toMatch(/GitHub accepts: /);
      if (scope.name === 'environment') expect(message).toContain(`"Environments: ${level}"`);
      else expect(message).not.toContain('Environments');
    });

    it('404 (the target does not exist): fails at once naming it, or reads as absent', async () => {
      const outcome = await attempt(scope, op, { target: scope.missing });
      expect(outcome.github.calls.filter((call) => call.status === 404).length).toBeGreaterThan(0);
      // No call is repeated: every 404 is final (PATCH falls back to POST once, by design).
      const keys = outcome.github.calls.map((call) => `${call.method} ${call.route}`);
      expect(new Set(keys).size).toBe(keys.length);
      if (op.onMissingTarget !== undefined) {
        expect(outcome.error).toBeUndefined();
        expect(outcome.result).toEqual(op.onMissingTarget.value);
        return;
      }
      const message = errorOf(outcome).message;
      expect(outcome.error).toBeInstanceOf(GitHubCallError);
      expect(message).toContain('not found (404)');
      expect(message).toContain(
        scope.name === 'environment'
          ? 'The environment "no-such-environment" does not exist in octo-org/payments'
          : 'The repository octo-org/no-such-repo does not exist, or the token cannot see it',
      );
    });

    it('422: fails at once quoting what GitHub rejected', async () => {
      const body = {
        message: 'Validation Failed',
        errors: [{ resource: 'Secret', code: 'custom', field: 'name', message: 'name is not allowed' }],
        documentation_url: 'https://docs.github.com/rest',
      };
      const outcome = await attempt(scope, op, { faults: [status(422, { body })] });
      failsAtOnce(outcome, /GitHub rejected the request \(422\): Validation Failed; name is not allowed\./);
    });

    it.each([400, 408, 409])('%i is final too', async (code) => {
      const outcome = await attempt(scope, op, { faults: [status(code)] });
      if (code === 409 && op.method === 'POST') {
        // POST 409 means "already exists": the store tries PATCH once instead (here it does not exist either).
        expect(outcome.error).toBeInstanceOf(GitHubCallError);
        expect(outcome.attempts).toBe(1);
        expect(outcome.github.callCount('PATCH', `${scope.prefix}/variables/{name}`)).toBe(1);
      } else {
        failsAtOnce(outcome, new RegExp(`GitHub rejected the request \\(${code}\\)`));
      }
    });

    it.each(LONG_LIMITS)('%s fails at once and says when to run again', async (_name, fault) => {
      const before = Date.now();
      const outcome = await attempt(scope, op, { faults: [fault] });
      const message = failsAtOnce(
        outcome,
        /rate limit stopped the call \((403|429)\) and asks to wait \d+ s, longer than the 60 s this action waits\. Run again after (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\.$/,
      );
      const when = message.slice(-'2026-01-01T00:00:00Z.'.length, -1);
      expect(Date.parse(when)).toBeGreaterThanOrEqual(before + 60_000);
    });
  });
});
