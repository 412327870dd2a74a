export const id = 266;
export const ids = [266];
export const modules = {

/***/ 96266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_RETRIES: () => (/* binding */ MAX_RETRIES),
  MAX_RETRY_AFTER_SECONDS: () => (/* binding */ MAX_RETRY_AFTER_SECONDS),
  USER_AGENT: () => (/* binding */ USER_AGENT),
  createGitHubClient: () => (/* binding */ createGitHubClient),
  failureNote: () => (/* binding */ failureNote),
  rateLimitWait: () => (/* binding */ rateLimitWait)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(63251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
;// CONCATENATED MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
// pkg/dist-src/index.js


// pkg/dist-src/version.js
var VERSION = "0.0.0-development";

// pkg/dist-src/wrap-request.js
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error) => error.type === "RATE_LIMITED")) {
      const error = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}

// pkg/dist-src/generated/triggers-notification-paths.js
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];

// pkg/dist-src/route-matcher.js
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}

// pkg/dist-src/index.js
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = light,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error, info) {
      const [state2, request, options] = info.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error.status !== 401;
      if (!(shouldRetryGraphQL || error.status === 403 || error.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error.message)) {
          const retryAfter2 = Number(error.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error.response.headers != null && error.response.headers["x-ratelimit-remaining"] === "0" || (error.response.data?.errors ?? []).some(
          (error2) => error2.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;


;// CONCATENATED MODULE: ./src/github.ts
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




const USER_AGENT = 'mangopay-mtls-rotate/1';
/** At most this many retries of one call (so at most 4 attempts). */
const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait fails the run and says when to retry. */
const MAX_RETRY_AFTER_SECONDS = 60;
/** GitHub's advice when a secondary rate limit comes without retry-after: wait at least a minute. */
const SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS = 60;
// A rotation makes a handful of writes, one after another. GitHub's one-second pause between mutating
// requests is advice for bulk writers; with secondary limits retried anyway, it would only slow each run.
const writeGroup = new (light_default()).Group({ maxConcurrent: 1, minTime: 0 });
function createGitHubClient(options) {
    const base = options.retryBaseMs ?? 1000;
    const log = options.log ?? (() => undefined);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const attempts = attemptsOf(request);
        if (attempts > MAX_RETRIES || retryCount >= MAX_RETRIES || retryAfter > MAX_RETRY_AFTER_SECONDS)
            return false;
        log(`GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s (retry ${attempts} of ${MAX_RETRIES}).`);
        return true;
    };
    return (0,github/* getOctokit */.Q)(options.token, {
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
    }, attemptGuard(timeoutMs, base, log), dist_bundle/* retry */.L, throttling);
}
const failureNotes = new WeakMap();
function failureNote(error) {
    return typeof error === 'object' && error !== null ? failureNotes.get(error) : undefined;
}
function attemptsOf(options) {
    return options.request?.attempts ?? 0;
}
/**
 * Registered before the retry plugins, so it wraps each attempt: a fresh timeout per attempt, and a count
 * of attempts kept on the request options, which both plugins pass unchanged from one attempt to the next.
 */
function attemptGuard(timeoutMs, baseMs, log) {
    return (octokit) => {
        octokit.hook.wrap('request', async (request, options) => {
            const state = options.request;
            const attempts = (state?.attempts ?? 0) + 1;
            if (attempts > MAX_RETRIES + 1) {
                // plugin-retry wants a fifth attempt: end the call with the last answer, in a form it does not retry.
                throw spent(state?.lastError);
            }
            const signal = AbortSignal.timeout(timeoutMs);
            options.request = { ...options.request, attempts, signal };
            try {
                return await request(options);
            }
            catch (error) {
                options.request.lastError = error;
                if (typeof error !== 'object' || error === null)
                    throw error;
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
                    log(`GitHub ${why} on ${options.method} ${options.url}; retrying in ${(attempts ** 2 * baseMs) / 1000} s (retry ${attempts} of ${MAX_RETRIES}).`);
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
function labelRateLimit(error) {
    const http = asHttpError(error);
    if (http.status !== 429 || http.response === undefined)
        return;
    if (String(http.response.headers?.['x-ratelimit-remaining'] ?? '') === '0')
        return;
    if (/\bsecondary rate\b/i.test(http.message ?? ''))
        return;
    error.message =
        `${http.message ?? ''} (429: treated as a secondary rate limit)`.trim();
}
/** The last error of a call whose attempts are spent, without the `request.request` plugin-retry retries by. */
function spent(lastError) {
    if (typeof lastError !== 'object' || lastError === null)
        return lastError;
    const copy = Object.assign(Object.create(Object.getPrototypeOf(lastError)), lastError, {
        message: lastError.message,
        request: {},
    });
    const note = failureNotes.get(lastError);
    if (note !== undefined)
        failureNotes.set(copy, note);
    return copy;
}
/**
 * Seconds GitHub asks to wait when `error` is a rate limit, or undefined when it is not one. Exported for
 * the error messages, which say when to run again.
 */
function rateLimitWait(error, now = Date.now()) {
    const http = asHttpError(error);
    if (http.status !== 403 && http.status !== 429)
        return undefined;
    const headers = http.response?.headers ?? {};
    const message = `${bodyMessage(http.response?.data) ?? ''} ${http.message ?? ''}`;
    const exhausted = String(headers['x-ratelimit-remaining'] ?? '') === '0';
    if (http.status === 403 && !exhausted && !/rate limit/i.test(message))
        return undefined;
    const retryAfter = parseRetryAfter(headers['retry-after'], now);
    if (retryAfter !== undefined)
        return retryAfter;
    const reset = Number(headers['x-ratelimit-reset']);
    if (exhausted && Number.isFinite(reset) && reset > 0) {
        // One second more, so the retry lands after the reset.
        return Math.max(Math.ceil((reset * 1000 - now) / 1000) + 1, 0);
    }
    return SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS;
}
/** `retry-after` is either whole seconds or an HTTP date. */
function parseRetryAfter(value, now) {
    if (value === undefined || String(value).trim() === '')
        return undefined;
    const text = String(value).trim();
    if (/^\d+$/.test(text))
        return Number(text);
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(Math.ceil((date - now) / 1000), 0);
}
function asHttpError(error) {
    return typeof error === 'object' && error !== null ? error : {};
}
function bodyMessage(data) {
    if (typeof data === 'object' && data !== null && 'message' in data) {
        const message = data.message;
        return typeof message === 'string' ? message : undefined;
    }
    return typeof data === 'string' ? data : undefined;
}


/***/ })

};
