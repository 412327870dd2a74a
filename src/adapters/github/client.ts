/**
 * The Octokit the action uses, configured once: auth, base URL, user agent, and the two retry plugins set up
 * through their own options.
 *
 * - @octokit/plugin-retry: 5xx answers, dropped connections and timeouts (it sees them as status 500), at most
 *   MAX_RETRIES retries, backing off 1, 4, 9 s. Every 4xx is in its `doNotRetry`.
 * - @octokit/plugin-throttling: 429 and 403 rate limits, waiting what GitHub asks (retry-after, or until
 *   x-ratelimit-reset), at most MAX_RETRIES retries (its `retryCount`), and only when the wait is at most
 *   MAX_RETRY_AFTER_SECONDS; a longer one fails at once and the message says when to run again.
 * - Every other 4xx is final.
 *
 * The plugins count separately and throttling wraps plugin-retry, so each rate-limit retry starts a fresh
 * plugin-retry count. A call is therefore sent at most 1 + MAX_RETRIES times for one kind of cause, and at
 * most (1 + MAX_RETRIES) ** 2 = 16 times when 5xx and rate limits alternate in the worst order.
 *
 * Each attempt gets its own timeout through Octokit's `request.fetch` option: a hung connection fails that
 * attempt, which plugin-retry then retries like a dropped one. The fetch underneath is undici's, through the
 * runner's proxy (proxyFetchFor); Node's global fetch would load a second copy of undici before the first
 * call (~30 ms, issue 11) and ignore proxies.
 */
import { getOctokit } from '@actions/github';
import { HttpClient } from '@actions/http-client';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { fetch as undiciFetch, type RequestInit } from 'undici';

export type GitHubClient = ReturnType<typeof getOctokit>;

/**
 * undici's fetch, the copy the @actions packages bundle anyway, through the runner's proxy settings for
 * `baseUrl` (`https_proxy`, `no_proxy`, as @actions/http-client reads them; none: a direct connection).
 * @actions/github's own fetch decides once for GITHUB_API_URL, which is not `github-api-url` on GHES or in
 * the CLI. Keep-alive: without it @actions/http-client's proxy agent opens a new tunnel for every call.
 */
function proxyFetchFor(baseUrl: string) {
  const dispatcher = new HttpClient(USER_AGENT, undefined, { keepAlive: true }).getAgentDispatcher(baseUrl);
  return (url: string, init: RequestInit, timeoutMs: number) =>
    undiciFetch(url, { ...init, dispatcher, signal: AbortSignal.timeout(timeoutMs) });
}

export const USER_AGENT = 'mangopay-mtls-rotate/1';
/** At most this many retries of one call by each plugin (see above for the total). */
export const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait fails the run and says when to retry. */
export const MAX_RETRY_AFTER_SECONDS = 60;
/** GitHub's advice when a secondary rate limit comes without retry-after: wait at least a minute. */
const SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS = 60;
/** plugin-retry retries any status >= 400 not listed: list every 4xx (403 and 429 rate limits are throttling's). */
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, i) => 400 + i);

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

// A rotation makes a handful of writes, one after another, and at most a few issue writes. GitHub's pauses
// between mutating requests (plugin-throttling: 1 s, and 3 s between issues and comments) are advice for bulk
// writers; with secondary limits retried anyway, they would only slow each run.
const writeGroup = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
const notificationGroup = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const base = options.retryBaseMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const proxyFetch = proxyFetchFor(options.baseUrl);
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount >= MAX_RETRIES || retryAfter > MAX_RETRY_AFTER_SECONDS) return false;
      log(
        `GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`,
      );
      return true;
    };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: USER_AGENT,
      request: {
        fetch: (url: string, init: RequestInit) => proxyFetch(url, init, timeoutMs),
      },
      retry: { retries: MAX_RETRIES, retryAfterBaseValue: base, doNotRetry: DO_NOT_RETRY },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS,
        write: writeGroup,
        notifications: notificationGroup,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
    },
    firstSight(base, timeoutMs, log),
    retry,
    throttling,
  );
}

/**
 * Registered before the plugins, so it sees each failed attempt first. It changes no count and no decision:
 * - plugin-retry retries silently, so this says when it will (as plugin-retry decides: status >= 500, its
 *   `retryCount` below MAX_RETRIES, waiting (retryCount + 1) ** 2 units). plugin-throttling writes the same
 *   field before a rate-limit retry, so the first notice after one may number the retry from that count;
 *   the wait it names is still the one plugin-retry computes from the field;
 * - GitHub answers 429 only for rate limits, but plugin-throttling recognises one only by x-ratelimit-remaining: 0
 *   or the secondary-limit message: an unmarked 429 gets that message, so its retry-after is honoured too.
 */
function firstSight(baseMs: number, timeoutMs: number, log: (message: string) => void) {
  return (octokit: { hook: GitHubClient['hook'] }) => {
    octokit.hook.error('request', (error, options) => {
      const http = asHttpError(error);
      if (http.status === 429 && !isMarkedRateLimit(http)) {
        error.message = `${error.message} (429: treated as a secondary rate limit)`;
      }
      const retryCount = Number(options.request?.retryCount ?? 0);
      if (http.status !== undefined && http.status >= 500 && retryCount < MAX_RETRIES) {
        const why = http.response
          ? `answered ${http.status}`
          : isTimeout(error)
            ? `gave no answer within ${timeoutMs / 1000} s (timeout)`
            : `gave no answer (${error.message})`;
        log(
          `GitHub ${why} on ${options.method} ${options.url}; retrying in ${((retryCount + 1) ** 2 * baseMs) / 1000} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`,
        );
      }
      throw error;
    });
  };
}

function isMarkedRateLimit(http: HttpErrorLike): boolean {
  return (
    String(http.response?.headers?.['x-ratelimit-remaining'] ?? '') === '0' ||
    /\bsecondary rate\b/i.test(http.message ?? '')
  );
}

/**
 * @octokit/request keeps the fetch failure as `cause`; AbortSignal.timeout fails it with a TimeoutError (a
 * DOMException, read by name: it need not be an `Error` of this realm).
 */
export function isTimeout(error: unknown): boolean {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  return typeof cause === 'object' && cause !== null && 'name' in cause && cause.name === 'TimeoutError';
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

/** The parts of an Octokit RequestError (or a failure without an answer) the messages read. */
export interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function asHttpError(error: unknown): HttpErrorLike {
  return typeof error === 'object' && error !== null ? error : {};
}

function bodyMessage(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = data.message;
    return typeof message === 'string' ? message : undefined;
  }
  return typeof data === 'string' ? data : undefined;
}
