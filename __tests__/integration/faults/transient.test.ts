// Transient faults on every call, at both scopes: each is retried and the call ends exactly like a clean run
// (same result, same end state in the fake), with the number of attempts the plugins' configuration implies.
import { describe, expect, it } from '@jest/globals';
import type { Fault } from '../../support/fake-github.js';
import type { Hold } from '../../support/fake-holds.js';
import {
  attempt,
  endState,
  OPERATIONS,
  SCOPES,
  secondary,
  status,
  type Operation,
  type Outcome,
  type Scope,
} from './calls.js';

const cleanRuns = new Map<string, Promise<Outcome>>();
function clean(scope: Scope, op: Operation): Promise<Outcome> {
  const key = `${scope.name}/${op.name}`;
  const run = cleanRuns.get(key) ?? attempt(scope, op);
  cleanRuns.set(key, run);
  return run;
}

const SECONDARY_AS_429 = status(429, {
  headers: { 'retry-after': '1' },
  body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
});

/** Faults a call must survive, with the number of attempts it then takes. */
const TRANSIENT: { name: string; faults: Fault[]; attempts: number }[] = [
  { name: '500 once', faults: [status(500)], attempts: 2 },
  { name: '502 once', faults: [status(502)], attempts: 2 },
  { name: '503 three times (the last retry succeeds)', faults: [{ ...status(503), times: 3 }], attempts: 4 },
  // An unmarked 429: GitHub sends 429 only for rate limits, so its retry-after is honoured too.
  {
    name: '429 with retry-after: 1',
    faults: [status(429, { headers: { 'retry-after': '1' } })],
    attempts: 2,
  },
  { name: 'secondary rate limit (403, retry-after: 1)', faults: [secondary(1)], attempts: 2 },
  { name: 'secondary rate limit as 429', faults: [SECONDARY_AS_429], attempts: 2 },
  { name: 'dropped connection', faults: [{ kind: 'drop' }], attempts: 2 },
  { name: 'dropped twice, then 502', faults: [{ kind: 'drop', times: 2 }, status(502)], attempts: 4 },
  { name: 'slow answer within the timeout', faults: [{ kind: 'slow', delayMs: 150 }], attempts: 1 },
  {
    name: 'a primary rate limit that resets within a minute',
    faults: [
      status(403, {
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
        },
        body: { message: 'API rate limit exceeded for user ID 1.' },
      }),
    ],
    attempts: 2,
  },
];

describe.each(SCOPES)('$name scope', (scope) => {
  describe.each(OPERATIONS)('$name', (op) => {
    it('clean run: one attempt', async () => {
      const outcome = await clean(scope, op);
      expect(outcome.error).toBeUndefined();
      expect(outcome.attempts).toBe(1);
      expect(outcome.github.openApiViolations).toEqual([]);
    });

    it.each(TRANSIENT)('survives $name with the end state of a clean run', async ({ faults, attempts }) => {
      const [expected, outcome] = await Promise.all([clean(scope, op), attempt(scope, op, { faults })]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toEqual(expected.result);
      expect(outcome.state).toEqual(expected.state);
      expect(outcome.attempts).toBe(attempts);
      expect(outcome.github.openApiViolations).toEqual([]);
      // One notice per retry; a fault the fake answered only late needs none.
      expect(outcome.log).toHaveLength(attempts - 1);
    });
  });

  it('every call survives a slow answer beyond the per-attempt timeout (it is retried)', async () => {
    // Each call against its own fake, all at once, so their timeouts run side by side.
    const cleanRuns = await Promise.all(OPERATIONS.map((op) => clean(scope, op)));
    const seen = await Promise.all(OPERATIONS.map((op) => slowAnswer(scope, op)));
    expect(seen).toEqual(
      OPERATIONS.map((op, i) => ({
        op: op.name,
        error: undefined,
        result: cleanRuns[i].result,
        log: [expect.stringMatching(/gave no answer within 1 s \(timeout\).*\(retry 1 of 3\)/)],
        lateMethod: op.method,
        endState: cleanRuns[i].state,
      })),
    );
  });
});

/** One call whose first attempt the fake holds past the timeout; what it saw, for one comparison. */
async function slowAnswer(scope: Scope, op: Operation) {
  // The fake holds the first attempt until the retry has been answered and the call is over, so the retry
  // is the attempt whose answer counts (a delete reached first by the abandoned attempt would find nothing
  // left to delete). Only then is the first attempt let through, late.
  let late: Hold | undefined;
  const outcome = await attempt(scope, op, {
    // The retry must be answered within timeoutMs: generous, as a loaded 2-core machine can stall the fake
    // (and the calls of a scope run at once here). The wait is paid once per scope.
    timeoutMs: 1000,
    prepare: (github) => (late = github.hold({ method: op.method, route: scope.prefix + op.route })),
  });
  if (late === undefined) throw new Error('no hold was placed');
  // The abandoned first attempt still reaches the fake later; the end state must not care.
  const held = await late.arrived;
  late.release();
  await late.answered;
  expect(outcome.github.callCount(op.method, scope.prefix + op.route)).toBe(2);
  return {
    op: op.name,
    error: outcome.error,
    result: outcome.result,
    log: outcome.log,
    lateMethod: held.method,
    endState: endState(outcome.github),
  };
}
