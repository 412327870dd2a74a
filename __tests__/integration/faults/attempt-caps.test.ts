// Faults that do not go away: every call, at both scopes, stops at the cap the plugins' options set, with a
// message saying what GitHub last answered.
//
// The caps, from src/adapters/github/client.ts: plugin-retry retries 5xx, drops and timeouts at most MAX_RETRIES times, and
// plugin-throttling retries rate limits at most MAX_RETRIES times (its retryCount). Throttling wraps
// plugin-retry, so each rate-limit retry starts a fresh plugin-retry count:
// - one kind of cause: 1 + MAX_RETRIES attempts;
// - the worst mix (MAX_RETRIES 5xx before each rate limit, then 5xx to the end): (1 + MAX_RETRIES) ** 2.
import { describe, expect, it } from '@jest/globals';
import { MAX_RETRIES } from '../../../src/adapters/github/client.js';
import { GitHubCallError } from '../../../src/adapters/github/errors.js';
import type { Fault } from '../../support/fake-github.js';
import { attempt, errorOf, OPERATIONS, SCOPES, secondary, status } from './calls.js';

const ONE_CAUSE = 1 + MAX_RETRIES;
const WORST_MIX = (1 + MAX_RETRIES) ** 2;
const forever = (fault: Fault): Fault => ({ ...fault, times: 100 });

/** MAX_RETRIES 502s before each of MAX_RETRIES rate limits, then 502s only. */
const worstMix: Fault[] = [
  ...Array.from({ length: MAX_RETRIES }, () => [{ ...status(502), times: MAX_RETRIES }, secondary(1)]).flat(),
  forever(status(502)),
];

const CASES: [string, Fault[], number, RegExp][] = [
  [
    '502',
    [forever(status(502))],
    ONE_CAUSE,
    /GitHub answered 502 after 3 retries\. GitHub may be having an incident/,
  ],
  ['a dropped connection', [forever({ kind: 'drop' })], ONE_CAUSE, /no answer from GitHub after 3 retries: /],
  [
    'a secondary rate limit',
    [forever(secondary(1))],
    ONE_CAUSE,
    /rate limit stopped the call \(403\)\. Run again after \d{4}-/,
  ],
  [
    'an unmarked 429',
    [forever(status(429, { headers: { 'retry-after': '1' } }))],
    ONE_CAUSE,
    /rate limit stopped the call \(429\)\. Run again after \d{4}-/,
  ],
  ['the worst mix of 502s and rate limits', worstMix, WORST_MIX, /GitHub answered 502 after 3 retries\./],
];

describe.each(SCOPES)('$name scope', (scope) => {
  describe.each(OPERATIONS)('$name', (op) => {
    it.each(CASES)(
      'gives up on %s after the configured attempts',
      async (_name, faults, attempts, message) => {
        const outcome = await attempt(scope, op, { faults });
        expect(outcome.error).toBeInstanceOf(GitHubCallError);
        expect(errorOf(outcome).message).toMatch(message);
        expect(outcome.attempts).toBe(attempts);
        expect(outcome.log).toHaveLength(attempts - 1); // one notice per retry
      },
    );
  });

  it('a mix that clears up is survived: a rate-limit retry restarts the 5xx count', async () => {
    const [op] = OPERATIONS;
    const faults = [
      { ...status(502), times: MAX_RETRIES },
      secondary(1),
      { ...status(503), times: MAX_RETRIES },
    ];
    const outcome = await attempt(scope, op, { faults });
    expect(outcome.error).toBeUndefined();
    expect(outcome.attempts).toBe(2 * MAX_RETRIES + 2);
  });
});
