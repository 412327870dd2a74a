/**
 * The Octokit the action uses, configured once: auth, base URL, user agent, retries (5xx, network errors)
 * and throttling (429 and secondary rate limits, honouring retry-after up to a bound), and a per-attempt
 * timeout so a hung connection becomes a retryable failure instead of a stuck job.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export const USER_AGENT = 'mangopay-mtls-rotate/1';
/** At most this many retries of one call. */
export const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait fails the run and says when to retry. */
export const MAX_RETRY_AFTER_SECONDS = 60;

export interface GitHubClientOptions {
  token: string;
  baseUrl: string;
  /** Unit of the backoff (1 s in production: waits of 1, 4, 9 units); tests shorten it. */
  retryBaseMs?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Where retry notices go (core.info in the action). */
  log?: (message: string) => void;
}

// Every rotation makes a handful of writes, one after another. GitHub's one-second pause between mutating
// requests is advice for bulk writers; with secondary limits retried anyway, it would only slow each run.
const writeGroup = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const base = options.retryBaseMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      if (retryCount >= MAX_RETRIES || retryAfter > MAX_RETRY_AFTER_SECONDS) return false;
      log(
        `GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`,
      );
      return true;
    };
  const octokit = getOctokit(
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
        fallbackSecondaryRateRetryAfter: MAX_RETRY_AFTER_SECONDS,
        write: writeGroup,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
    },
    attemptTimeout(options.timeoutMs ?? 30_000),
    retry,
    throttling,
  );
  return octokit;
}

/** Registered before the retry plugins, so it wraps each attempt (not the whole retried call). */
function attemptTimeout(timeoutMs: number) {
  return (octokit: { hook: GitHubClient['hook'] }) => {
    octokit.hook.wrap('request', async (request, requestOptions) => {
      requestOptions.request = { ...requestOptions.request, signal: AbortSignal.timeout(timeoutMs) };
      return request(requestOptions);
    });
  };
}
