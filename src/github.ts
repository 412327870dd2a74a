/**
 * The Octokit the action uses, configured once: auth, base URL, user agent, @octokit/plugin-retry (5xx and
 * dropped connections, backing off 1, 4, 9 s) and @octokit/plugin-throttling (429 and secondary rate limits,
 * waiting what GitHub asks in retry-after or x-ratelimit-reset), never retrying other 4xx.
 *
 * The two plugins keep separate counts, and a call can meet both (a secondary limit, then 502s), so an
 * attempt guard, innermost, counts every attempt of a call: it gives each attempt its own timeout, tells the
 * throttling handlers when the budget is spent, and stops plugin-retry from sending a fifth attempt. So a
 * call is sent at most 1 + MAX_RETRIES times, whatever the mix of causes.
 *
 * A 429 is retried when GitHub marks it as a rate limit (x-ratelimit-remaining: 0, or the secondary-limit
 * message), as GitHub does; a wait longer than MAX_RETRY_AFTER_SECONDS fails at once and the message says
 * when to run again.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export const USER_AGENT = 'mangopay-mtls-rotate/1';
/** At most this many retries of one call (so at most 4 attempts). */
export const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait fails the run and says when to retry. */
export const MAX_RETRY_AFTER_SECONDS = 60;
/** GitHub's advice when a secondary rate limit comes without retry-after: wait at least a minute. */
const SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS = 60;

export interface GitHubClientOptions {
  token: string;
  baseUrl: string;
  /** Unit of the waits (1 s in production: backoff 1, 4, 9 units; rate limits retry-after units). Tests shorten it. */
  retryBaseMs?: number;
  /** Per-attempt timeout (30 s in production). */
  timeoutMs?: number;
  /** Where retry notices go (core.info in the action). */
  log?: (message: string) => void;
}

// A rotation makes a handful of writes, one after another. GitHub's one-second pause between mutating
// requests is advice for bulk writers; with secondary limits retried anyway, it would only slow each run.
const writeGroup = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const base = options.retryBaseMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string; request?: object },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      const attempts = attemptsOf(request);
      if (attempts > MAX_RETRIES || retryCount >= MAX_RETRIES || retryAfter > MAX_RETRY_AFTER_SECONDS)
        return false;
      log(
        `GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s (retry ${attempts} of ${MAX_RETRIES}).`,
      );
      return true;
    };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: USER_AGENT,
      retry: {
        retries: MAX_RETRIES,
        retryAfterBaseValue: base,
        // 403 and 429 are the throttling plugin's (it reads retry-after); other 4xx are final.
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS,
        write: writeGroup,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
    },
    attemptGuard(timeoutMs, base, log),
    retry,
    throttling,
  );
}

/** What the client knows about a call that finally failed, for error messages. */
export interface FailureNote {
  attempts: number;
  /** Set when the last attempt was cut off by the per-attempt timeout. */
  timedOutAfterMs?: number;
}
const failureNotes = new WeakMap<object, FailureNote>();
export function failureNote(error: unknown): FailureNote | undefined {
  return typeof error === 'object' && error !== null ? failureNotes.get(error) : undefined;
}

interface RequestLike {
  method: string;
  url: string;
  request?: { attempts?: number; lastError?: unknown };
}

function attemptsOf(options: { request?: object }): number {
  return (options.request as RequestLike['request'])?.attempts ?? 0;
}

/**
 * Registered before the retry plugins, so it wraps each attempt: a fresh timeout per attempt, and a count
 * of attempts kept on the request options, which both plugins pass unchanged from one attempt to the next.
 */
function attemptGuard(timeoutMs: number, baseMs: number, log: (message: string) => void) {
  return (octokit: { hook: GitHubClient['hook'] }) => {
    octokit.hook.wrap('request', async (request, options) => {
      const state = options.request as RequestLike['request'];
      const attempts = (state?.attempts ?? 0) + 1;
      if (attempts > MAX_RETRIES + 1) {
        // plugin-retry wants a fifth attempt: end the call with the last answer, in a form it does not retry.
        throw spent(state?.lastError);
      }
      const signal = AbortSignal.timeout(timeoutMs);
      options.request = { ...options.request, attempts, signal };
      try {
        return await request(options);
      } catch (error) {
        (options.request as RequestLike['request'] & object).lastError = error;
        if (typeof error !== 'object' || error === null) throw error;
        const http = asHttpError(error);
        const timedOut = signal.aborted && http.response === undefined;
        failureNotes.set(error, { attempts, timedOutAfterMs: timedOut ? timeoutMs : undefined });
        labelRateLimit(error);
        // plugin-retry takes 5xx answers and failures without an answer; say so, as throttling's handlers do.
        const retried = http.response === undefined || (http.status !== undefined && http.status >= 500);
        if (retried && attempts <= MAX_RETRIES) {
          const why = timedOut
            ? `gave no answer within ${timeoutMs / 1000} s (timeout)`
            : http.response
              ? `answered ${http.status}`
              : `gave no answer (${http.message ?? 'network failure'})`;
          log(
            `GitHub ${why} on ${options.method} ${options.url}; retrying in ${(attempts ** 2 * baseMs) / 1000} s (retry ${attempts} of ${MAX_RETRIES}).`,
          );
        }
        throw error;
      }
    });
  };
}

/**
 * GitHub answers 429 only for rate limits, but plugin-throttling recognises one only by the secondary-limit
 * message or x-ratelimit-remaining: 0. An unlabelled 429 gets the label, so its retry-after is honoured too.
 */
function labelRateLimit(error: object): void {
  const http = asHttpError(error);
  if (http.status !== 429 || http.response === undefined) return;
  if (String(http.response.headers?.['x-ratelimit-remaining'] ?? '') === '0') return;
  if (/\bsecondary rate\b/i.test(http.message ?? '')) return;
  (error as { message: string }).message =
    `${http.message ?? ''} (429: treated as a secondary rate limit)`.trim();
}

/** The last error of a call whose attempts are spent, without the `request.request` plugin-retry retries by. */
function spent(lastError: unknown): unknown {
  if (typeof lastError !== 'object' || lastError === null) return lastError;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(lastError) as object) as object, lastError, {
    message: (lastError as Error).message,
    request: {},
  });
  const note = failureNotes.get(lastError);
  if (note !== undefined) failureNotes.set(copy, note);
  return copy;
}

/**
 * Seconds GitHub asks to wait when `error` is a rate limit, or undefined when it is not one. Exported for
 * the error messages, which say when to run again.
 */
export function rateLimitWait(error: unknown, now = Date.now()): number | undefined {
  const http = asHttpError(error);
  if (http.status !== 403 && http.status !== 429) return undefined;
  const headers = http.response?.headers ?? {};
  const message = `${bodyMessage(http.response?.data) ?? ''} ${http.message ?? ''}`;
  const exhausted = String(headers['x-ratelimit-remaining'] ?? '') === '0';
  if (http.status === 403 && !exhausted && !/rate limit/i.test(message)) return undefined;

  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (exhausted && Number.isFinite(reset) && reset > 0) {
    // One second more, so the retry lands after the reset.
    return Math.max(Math.ceil((reset * 1000 - now) / 1000) + 1, 0);
  }
  return SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS;
}

/** `retry-after` is either whole seconds or an HTTP date. */
function parseRetryAfter(value: string | number | undefined, now: number): number | undefined {
  if (value === undefined || String(value).trim() === '') return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(Math.ceil((date - now) / 1000), 0);
}

interface HttpErrorLike {
  name?: string;
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function asHttpError(error: unknown): HttpErrorLike {
  return typeof error === 'object' && error !== null ? error : {};
}

function bodyMessage(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = data.message;
    return typeof message === 'string' ? message : undefined;
  }
  return typeof data === 'string' ? data : undefined;
}
