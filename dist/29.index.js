export const id = 29;
export const ids = [29];
export const modules = {

/***/ 88029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectGitHub: () => (/* binding */ connectGitHub)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
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


// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
;// CONCATENATED MODULE: ./src/adapters/github/client.ts
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






/**
 * undici's fetch, the copy the @actions packages bundle anyway, through the runner's proxy settings for
 * `baseUrl` (`https_proxy`, `no_proxy`, as @actions/http-client reads them; none: a direct connection).
 * @actions/github's own fetch decides once for GITHUB_API_URL, which is not `github-api-url` on GHES or in
 * the CLI. Keep-alive: without it @actions/http-client's proxy agent opens a new tunnel for every call.
 */
function proxyFetchFor(baseUrl) {
    const dispatcher = new lib/* HttpClient */.Qq(USER_AGENT, undefined, { keepAlive: true }).getAgentDispatcher(baseUrl);
    return (url, init, timeoutMs) => (0,undici.fetch)(url, { ...init, dispatcher, signal: AbortSignal.timeout(timeoutMs) });
}
const USER_AGENT = 'mangopay-mtls-rotate/1';
/** At most this many retries of one call by each plugin (see above for the total). */
const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait fails the run and says when to retry. */
const MAX_RETRY_AFTER_SECONDS = 60;
/** GitHub's advice when a secondary rate limit comes without retry-after: wait at least a minute. */
const SECONDARY_LIMIT_DEFAULT_WAIT_SECONDS = 60;
/** plugin-retry retries any status >= 400 not listed: list every 4xx (403 and 429 rate limits are throttling's). */
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, i) => 400 + i);
// A rotation makes a handful of writes, one after another, and at most a few issue writes. GitHub's pauses
// between mutating requests (plugin-throttling: 1 s, and 3 s between issues and comments) are advice for bulk
// writers; with secondary limits retried anyway, they would only slow each run.
const writeGroup = new (light_default()).Group({ maxConcurrent: 1, minTime: 0 });
const notificationGroup = new (light_default()).Group({ maxConcurrent: 1, minTime: 0 });
function createGitHubClient(options) {
    const base = options.retryBaseMs ?? 1000;
    const log = options.log ?? (() => undefined);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const proxyFetch = proxyFetchFor(options.baseUrl);
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        if (retryCount >= MAX_RETRIES || retryAfter > MAX_RETRY_AFTER_SECONDS)
            return false;
        log(`GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`);
        return true;
    };
    return (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.baseUrl,
        userAgent: USER_AGENT,
        request: {
            fetch: (url, init) => proxyFetch(url, init, timeoutMs),
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
    }, firstSight(base, timeoutMs, log), dist_bundle/* retry */.L, throttling);
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
function firstSight(baseMs, timeoutMs, log) {
    return (octokit) => {
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
                log(`GitHub ${why} on ${options.method} ${options.url}; retrying in ${((retryCount + 1) ** 2 * baseMs) / 1000} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`);
            }
            throw error;
        });
    };
}
function isMarkedRateLimit(http) {
    return (String(http.response?.headers?.['x-ratelimit-remaining'] ?? '') === '0' ||
        /\bsecondary rate\b/i.test(http.message ?? ''));
}
/**
 * @octokit/request keeps the fetch failure as `cause`; AbortSignal.timeout fails it with a TimeoutError (a
 * DOMException, read by name: it need not be an `Error` of this realm).
 */
function isTimeout(error) {
    const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
    return typeof cause === 'object' && cause !== null && 'name' in cause && cause.name === 'TimeoutError';
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

// EXTERNAL MODULE: ./src/domain/schedule.ts
var schedule = __webpack_require__(15579);
;// CONCATENATED MODULE: ./src/adapters/github/errors.ts
/**
 * Turns a failed GitHub call into one line a person can act on: which call, why (by status), and which
 * permission or object is missing. Never includes request bodies (they hold sealed secrets) or the token.
 */


class GitHubCallError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
        this.name = 'GitHubCallError';
    }
}
/** Longest piece of GitHub's own error text we quote. */
const MAX_QUOTED = 300;
function explainGitHubError(error, purpose, now = new Date()) {
    const http = asHttpError(error);
    const status = statusOf(error);
    const headers = http.response?.headers ?? {};
    // Without a final period: the messages below add their own punctuation.
    const reason = githubReason(http.response?.data)?.replace(/[.\s]+$/, '');
    const quoted = reason ? ` "${reason}"` : '';
    const prefix = `Could not ${purpose.action}`;
    // 5xx answers and failures without an answer reach here only after plugin-retry's last retry.
    const retried = ` after ${MAX_RETRIES} retries`;
    const fail = (text) => new GitHubCallError(`${prefix}: ${text}`, status);
    if (http.response !== undefined && status === 401) {
        return fail(`GitHub refused the token (401${quoted}): it is invalid, expired or revoked. ` +
            'Create a new token and update the secret passed as github-token.');
    }
    const wait = http.response !== undefined ? rateLimitWait(error, now.getTime()) : undefined;
    if (wait !== undefined) {
        const after = (0,schedule/* isoUtc */.u8)(new Date(now.getTime() + Math.max(wait, 1) * 1000));
        const why = wait > MAX_RETRY_AFTER_SECONDS
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
        return fail(`the token is not allowed to (403${quoted}). ${organization ? 'It needs the organization permission' : 'It needs the repository permission'}${purpose.permissions.length > 1 ? 's' : ''} ` +
            `${needs} on ${purpose.repository}${githubSays}${owners}. Use a fine-grained personal access token or a GitHub App ` +
            "token with that access; the workflow's GITHUB_TOKEN cannot write Actions secrets or variables.");
    }
    if (http.response !== undefined && status === 404) {
        return fail(`not found (404). ${purpose.notFound}`);
    }
    if (http.response !== undefined && status !== undefined && status >= 400 && status < 500) {
        return fail(`GitHub rejected the request (${status}): ${reason || 'no reason given'}.`);
    }
    if (http.response !== undefined && status !== undefined && status >= 500) {
        return fail(`GitHub answered ${status}${retried}. GitHub may be having an incident (https://www.githubstatus.com); run again later.`);
    }
    if (http.response !== undefined) {
        return fail(`GitHub answered ${status ?? 'without a status'}${quoted}.`);
    }
    const cause = isTimeout(error)
        ? `: the last attempt timed out`
        : http.message
            ? `: ${clip(http.message)}`
            : '';
    return fail(`no answer from GitHub${retried}${cause}. Check github-api-url and the network, then run again.`);
}
/** GitHub's error text: `message`, plus the details of a validation error, on one short line. */
function githubReason(data) {
    if (typeof data === 'string')
        return data.trim() === '' ? undefined : clip(data);
    if (typeof data !== 'object' || data === null)
        return undefined;
    const body = data;
    const parts = [];
    if (typeof body.message === 'string')
        parts.push(body.message);
    if (Array.isArray(body.errors)) {
        for (const item of body.errors) {
            if (typeof item === 'string')
                parts.push(item);
            else if (typeof item === 'object' && item !== null) {
                const { message, field, code } = item;
                if (typeof message === 'string')
                    parts.push(message);
                else if (typeof field === 'string' || typeof code === 'string')
                    parts.push([field, code].filter((x) => typeof x === 'string').join(' '));
            }
        }
    }
    return parts.length === 0 ? undefined : clip(parts.join('; '));
}
function clip(text) {
    const line = text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED - 3)}...` : line;
}
/** The HTTP status of a failed call, when it got an answer. */
function statusOf(error) {
    const { status } = asHttpError(error);
    return typeof status === 'number' ? status : undefined;
}
/** Runs one call; a failure becomes one line that names the call and what to do. */
async function callGitHub(purpose, request) {
    try {
        return await request();
    }
    catch (error) {
        throw explainGitHubError(error, purpose);
    }
}

// EXTERNAL MODULE: ./src/issue/marker.ts
var marker = __webpack_require__(69745);
// EXTERNAL MODULE: ./src/domain/json.ts
var json = __webpack_require__(97504);
;// CONCATENATED MODULE: ./src/adapters/github/issue-json.ts
/** GitHub's issue and comment objects, read field by field: an API answer is untrusted. */

/** An issue from an API answer, or undefined when a field we rely on is missing or of the wrong type. */
function toIssue(data) {
    const number = (0,json/* field */.ZZ)(data, 'number');
    const url = (0,json/* field */.ZZ)(data, 'html_url');
    const title = (0,json/* field */.ZZ)(data, 'title');
    const body = (0,json/* field */.ZZ)(data, 'body') ?? '';
    const assignees = (0,json/* field */.ZZ)(data, 'assignees') ?? [];
    const createdAt = (0,json/* timestamp */.vE)((0,json/* field */.ZZ)(data, 'created_at'));
    if (!(0,json/* isPositiveInteger */.q6)(number) || typeof url !== 'string' || typeof title !== 'string')
        return undefined;
    if (typeof body !== 'string' || !Array.isArray(assignees) || createdAt === undefined)
        return undefined;
    const logins = assignees.map((user) => (0,json/* field */.ZZ)(user, 'login')).filter((l) => typeof l === 'string');
    const author = (0,json/* field */.ZZ)((0,json/* field */.ZZ)(data, 'user'), 'login');
    return {
        number,
        url,
        title,
        body,
        assignees: logins,
        labels: (0,json/* labelNames */.l3)((0,json/* field */.ZZ)(data, 'labels')),
        author: typeof author === 'string' ? author : undefined,
        createdAt,
        reopened: (0,json/* field */.ZZ)(data, 'state_reason') === 'reopened',
    };
}
/** A comment from an API answer; undefined when a field we rely on is missing or of the wrong type. */
function toComment(item) {
    const id = (0,json/* field */.ZZ)(item, 'id');
    const body = (0,json/* field */.ZZ)(item, 'body') ?? '';
    const createdAt = (0,json/* timestamp */.vE)((0,json/* field */.ZZ)(item, 'created_at'));
    const url = (0,json/* field */.ZZ)(item, 'html_url');
    const user = (0,json/* field */.ZZ)(item, 'user');
    const login = (0,json/* field */.ZZ)(user, 'login');
    if (!(0,json/* isPositiveInteger */.q6)(id) || typeof body !== 'string' || createdAt === undefined)
        return undefined;
    if (typeof url !== 'string' || typeof login !== 'string')
        return undefined;
    const bot = (0,json/* field */.ZZ)(user, 'type') === 'Bot' || login.endsWith('[bot]');
    return { id, author: { login, bot }, body, createdAt, url };
}

;// CONCATENATED MODULE: ./src/adapters/github/issue-reads.ts



/** Pages of 100 read at most when listing issues, comments or events (older ones are not looked at). */
const MAX_PAGES = 10;
async function listComments(octokit, issue, since) {
    const found = [];
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...issue,
        // GitHub lists comments updated *after* `since`: a second earlier keeps one made in the same second.
        ...(since === undefined ? {} : { since: (0,schedule/* isoUtc */.u8)(new Date(since.getTime() - 1000)) }),
        per_page: 100,
    });
    let page = 0;
    for await (const { data } of pages) {
        for (const item of data) {
            const comment = toComment(item);
            if (comment !== undefined)
                found.push(comment);
        }
        if (++page >= MAX_PAGES)
            break;
    }
    return found;
}
/** The time of the issue's last `reopened` event; undefined when there is none. */
async function lastReopened(octokit, issue) {
    let last;
    const pages = octokit.paginate.iterator(octokit.rest.issues.listEvents, { ...issue, per_page: 100 });
    let page = 0;
    for await (const { data } of pages) {
        for (const item of data) {
            const at = (0,json/* field */.ZZ)(item, 'event') === 'reopened' ? (0,json/* timestamp */.vE)((0,json/* field */.ZZ)(item, 'created_at')) : undefined;
            if (at !== undefined && (last === undefined || at > last))
                last = at;
        }
        if (++page >= MAX_PAGES)
            break;
    }
    return last;
}

// EXTERNAL MODULE: ./src/issue/policy.ts
var policy = __webpack_require__(5453);
;// CONCATENATED MODULE: ./src/ports/issue-tracker.ts
/** The warning both trackers give for assignees GitHub refuses (422: not assignable). */
function unassignableWarning(logins) {
    return (`Not assigned: ${logins.join(', ')} (GitHub refuses them as assignees of this repository: not ` +
        'collaborators, or no such user). The issue is kept without them; fix issue-assignees.');
}

;// CONCATENATED MODULE: ./src/adapters/github/issue-tracker.ts







const ISSUES = 'Issues: read and write';
class GitHubIssueTracker {
    octokit;
    repository;
    where;
    constructor(octokit, 
    /** 'owner/name': the workflow's own repository. */
    repository) {
        this.octokit = octokit;
        this.repository = repository;
        const [owner = '', repo = ''] = repository.split('/');
        this.where = { owner, repo };
    }
    async findOpenIssue(label, credential) {
        const found = await this.markedIssues(label, credential, 'open');
        found.sort((a, b) => a.number - b.number);
        const [first, ...rest] = found;
        return first === undefined ? undefined : { issue: first, duplicates: rest.map((issue) => issue.number) };
    }
    async findLatestIssue(label, credential) {
        return (await this.markedIssues(label, credential, 'all')).sort((a, b) => b.number - a.number)[0];
    }
    /** Issues with `label` whose marker names `credential` (newest first, at most MAX_PAGES pages read). */
    async markedIssues(label, credential, state) {
        const found = [];
        await this.call(`list the ${state === 'open' ? 'open ' : ''}issues labelled ${label}`, async () => {
            const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
                ...this.where,
                labels: label,
                state, // GitHub lists the newest first
                per_page: 100,
            });
            let page = 0;
            for await (const { data } of pages) {
                for (const item of data) {
                    if ((0,json/* field */.ZZ)(item, 'pull_request') !== undefined)
                        continue;
                    const issue = toIssue(item);
                    const marked = issue === undefined ? undefined : (0,marker/* parseCredentialMarker */.xz)(issue.body);
                    if (issue !== undefined && marked !== undefined && (0,marker/* sameCredential */.KB)(marked, credential))
                        found.push(issue);
                }
                if (++page >= MAX_PAGES)
                    break;
            }
        });
        return found;
    }
    async openIssue(issue) {
        for (const label of issue.labels)
            await this.ensureLabel(label);
        const { kept, warnings } = await this.assignable(issue.assignees);
        const data = await this.call('open the rotation issue', async () => {
            const response = await this.octokit.rest.issues.create({ ...this.where, ...issue, assignees: kept });
            return response.data;
        });
        const opened = this.checked(data, 'open the rotation issue');
        return { issue: opened, warnings: [...warnings, ...this.silentlyDropped(issue, opened)] };
    }
    async updateIssue(issueNumber, change) {
        let warnings = [];
        let assignees;
        if (change.assignees !== undefined) {
            ({ kept: assignees, warnings } = await this.assignable(change.assignees));
        }
        const action = `update rotation issue #${issueNumber}`;
        const data = await this.call(action, async () => {
            const response = await this.octokit.rest.issues.update({
                ...this.where,
                issue_number: issueNumber,
                ...(change.body === undefined ? {} : { body: change.body }),
                ...(assignees === undefined ? {} : { assignees }),
            });
            return response.data;
        });
        return { issue: this.checked(data, action), warnings };
    }
    async comment(issueNumber, body) {
        const action = `comment on rotation issue #${issueNumber}`;
        const data = await this.call(action, async () => {
            const response = await this.octokit.rest.issues.createComment({
                ...this.where,
                issue_number: issueNumber,
                body,
            });
            return response.data;
        });
        const id = (0,json/* field */.ZZ)(data, 'id');
        const url = (0,json/* field */.ZZ)(data, 'html_url');
        if (!(0,json/* isPositiveInteger */.q6)(id) || typeof url !== 'string')
            throw this.malformed(action);
        return { id, url };
    }
    async closeCompleted(issueNumber) {
        await this.call(`close rotation issue #${issueNumber}`, async () => {
            await this.octokit.rest.issues.update({
                ...this.where,
                issue_number: issueNumber,
                state: 'closed',
                state_reason: 'completed',
            });
        });
    }
    async commentsSince(issueNumber, since) {
        return this.call(`read the comments of rotation issue #${issueNumber}`, () => listComments(this.octokit, { ...this.where, issue_number: issueNumber }, since));
    }
    async reopenedAt(issueNumber) {
        return this.call(`read the events of rotation issue #${issueNumber}`, () => lastReopened(this.octokit, { ...this.where, issue_number: issueNumber }));
    }
    async permission(login) {
        const purpose = this.purpose(`read the permission of ${login}`, ['Metadata: read']);
        try {
            const response = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
                ...this.where,
                username: login,
            });
            return (0,policy/* roleOf */.kp)(response.data);
        }
        catch (error) {
            // Not a collaborator (or no such user): no role, which refuses the promotion with a reply.
            if (statusOf(error) === 404)
                return undefined;
            throw explainGitHubError(error, purpose);
        }
    }
    /** Labels GitHub does not know are dropped silently on create for some tokens: make the label first. */
    async ensureLabel(name) {
        const purpose = this.purpose(`create the label ${name}`, [ISSUES]);
        try {
            await this.octokit.rest.issues.getLabel({ ...this.where, name });
            return;
        }
        catch (error) {
            if (statusOf(error) !== 404)
                throw explainGitHubError(error, purpose);
        }
        try {
            await this.octokit.rest.issues.createLabel({ ...this.where, name, color: 'd93f0b' });
        }
        catch (error) {
            // 422 already_exists: a concurrent run made it.
            if (statusOf(error) !== 422)
                throw explainGitHubError(error, purpose);
        }
    }
    /** GitHub answers 422 for a whole create when one assignee is not assignable: check each first. */
    async assignable(logins) {
        const kept = [];
        const refused = [];
        for (const login of logins) {
            const purpose = this.purpose(`check that ${login} can be assigned`, [ISSUES]);
            try {
                await this.octokit.rest.issues.checkUserCanBeAssigned({ ...this.where, assignee: login });
                kept.push(login);
            }
            catch (error) {
                if (statusOf(error) !== 404)
                    throw explainGitHubError(error, purpose);
                refused.push(login);
            }
        }
        return { kept, warnings: refused.length === 0 ? [] : [unassignableWarning(refused)] };
    }
    /** Labels or assignees GitHub dropped without an error (a token without push access). */
    silentlyDropped(wanted, issue) {
        const missing = wanted.labels.filter((label) => !issue.labels.includes(label.toLowerCase()));
        return missing.length === 0
            ? []
            : [
                `GitHub did not set the label ${missing.join(', ')} on issue #${issue.number}; later runs cannot find it.`,
            ];
    }
    checked(data, action) {
        const issue = toIssue(data);
        if (issue === undefined)
            throw this.malformed(action);
        return issue;
    }
    malformed(action) {
        return new Error(`Could not ${action}: GitHub's answer is not the expected shape.`);
    }
    purpose(action, permissions) {
        return {
            action: `${action} in ${this.repository}`,
            permissions,
            repository: this.repository,
            notFound: `The repository ${this.repository} or the issue does not exist, or issue-token cannot see it.`,
        };
    }
    call(action, run) {
        return callGitHub(this.purpose(action, [ISSUES]), run);
    }
}

// EXTERNAL MODULE: ./src/domain/errors.ts
var errors = __webpack_require__(10241);
;// CONCATENATED MODULE: ./src/adapters/github/organization.ts
/**
 * Organization scope (secret-scope: organization): the organization's Actions secrets and variables, each
 * written with its visibility and, for `selected`, the ids of the repositories named in selected-repositories.
 * The ids are looked up before anything is sealed or written, so an unknown name costs nothing.
 */


class OrganizationPlace {
    octokit;
    target;
    io;
    location;
    fields;
    repositoryNames = new Map();
    warned = new Set();
    constructor(octokit, target, io) {
        this.octokit = octokit;
        this.target = target;
        this.io = io;
        this.location = `organization ${target.organization}`;
    }
    prefix(kind) {
        return `/orgs/{org}/actions/${kind}`;
    }
    params() {
        return { org: this.target.organization };
    }
    purpose(action, resource, access) {
        const { organization } = this.target;
        return {
            action: `${action} in ${this.location}`,
            permissions: [`${resource}: ${access === 'read' ? 'read' : 'read and write'}`],
            permissionScope: 'organization',
            repository: organization,
            notFound: `The organization ${organization} (the owner of the input repository) does not exist, or the token ` +
                'cannot see it: a fine-grained token must be owned by the organization, a GitHub App installed on it.',
        };
    }
    /** visibility and selected_repository_ids: every write sends them, so an update keeps the visibility given. */
    writeFields() {
        this.fields ??= this.loadFields();
        return this.fields;
    }
    async loadFields() {
        const { organization, visibility } = this.target;
        if (visibility === 'all') {
            this.io.warning(`organization-visibility is all: the workflows of every repository of ${organization}, public ones ` +
                "included, can read this credential's secrets and variables. Prefer selected or private.");
        }
        if (visibility !== 'selected')
            return { visibility };
        return { visibility, selected_repository_ids: await this.repositoryIds() };
    }
    /** One GET /repos/{owner}/{repo} per name, in parallel; every unknown name is reported at once. */
    async repositoryIds() {
        const { organization, selectedRepositories } = this.target;
        if (selectedRepositories.length === 0) {
            throw new errors/* InputError */.dz('selected-repositories', 'names no repository; give at least one');
        }
        const found = await Promise.all(selectedRepositories.map(async (repo) => {
            try {
                const response = await this.octokit.request('GET /repos/{owner}/{repo}', {
                    owner: organization,
                    repo,
                });
                return response.data.id;
            }
            catch (error) {
                if (statusOf(error) === 404)
                    return repo;
                throw explainGitHubError(error, {
                    action: `look up repository ${organization}/${repo} (selected-repositories)`,
                    permissions: ['Metadata: read'],
                    repository: `${organization}/${repo}`,
                    notFound: '',
                });
            }
        }));
        const unknown = found.filter((entry) => typeof entry === 'string');
        if (unknown.length > 0) {
            throw new errors/* InputError */.dz('selected-repositories', `${unknown.map((repo) => `${organization}/${repo}`).join(', ')} not found (404). A repository the ` +
                'token cannot see looks the same as one that does not exist: check the names, and that the token ' +
                'may read them. Nothing was encrypted or written.');
        }
        return found.filter((entry) => typeof entry === 'number');
    }
    /**
     * A secret or variable of the same name in `repository` overrides the organization's in its workflows: warn.
     * Where the token cannot see the repository's (403, 404, or any other failure) this check is skipped.
     */
    async notice(kind, names) {
        let listing = this.repositoryNames.get(kind);
        if (listing === undefined) {
            listing = this.listRepository(kind);
            this.repositoryNames.set(kind, listing);
        }
        const held = await listing;
        const { organization, repo } = this.target;
        for (const name of names.map((entry) => entry.toUpperCase())) {
            if (held?.has(name) !== true || this.warned.has(`${kind} ${name}`))
                continue;
            this.warned.add(`${kind} ${name}`);
            const noun = kind === 'secrets' ? 'secret' : 'variable';
            this.io.warning(`The repository ${organization}/${repo} has its own ${noun} ${name}, which overrides the ` +
                `organization's in its workflows. Delete the repository's ${noun} to use the organization's.`);
        }
    }
    async listRepository(kind) {
        const { organization: owner, repo } = this.target;
        const names = new Set();
        try {
            for (let page = 1;; page++) {
                const response = await this.octokit.request(`GET /repos/{owner}/{repo}/actions/${kind}`, {
                    owner,
                    repo,
                    per_page: 30,
                    page,
                });
                const data = response.data;
                const items = data.secrets ?? data.variables ?? [];
                for (const item of items)
                    names.add(item.name.toUpperCase());
                if (items.length === 0 || page * 30 >= data.total_count)
                    return names;
            }
        }
        catch (error) {
            this.io.log(`Could not list the ${kind} of ${owner}/${repo} (status ${statusOf(error) ?? 'none'}); ` +
                `not checking whether it overrides the organization's.`);
            return undefined;
        }
    }
}

;// CONCATENATED MODULE: ./src/adapters/github/repository.ts
/** A repository, or one of its environments. */
class RepositoryPlace {
    target;
    location;
    constructor(target) {
        this.target = target;
        const repository = `${target.owner}/${target.repo}`;
        this.location =
            target.environment === undefined
                ? `repository ${repository}`
                : `environment "${target.environment}" of ${repository}`;
    }
    prefix(kind) {
        return this.target.environment === undefined
            ? `/repos/{owner}/{repo}/actions/${kind}`
            : `/repos/{owner}/{repo}/environments/{environment_name}/${kind}`;
    }
    params() {
        const { owner, repo, environment } = this.target;
        return environment === undefined ? { owner, repo } : { owner, repo, environment_name: environment };
    }
    writeFields() {
        return Promise.resolve({});
    }
    notice() {
        return Promise.resolve();
    }
    purpose(action, resource, access) {
        const { owner, repo, environment } = this.target;
        const level = access === 'read' ? 'read' : 'read and write';
        // Environment secrets and variables need the Environments permission as well.
        const permissions = [`${resource}: ${level}`];
        if (environment !== undefined)
            permissions.push(`Environments: ${level}`);
        return {
            action: `${action} in ${this.location}`,
            permissions,
            repository: `${owner}/${repo}`,
            notFound: environment === undefined
                ? `The repository ${owner}/${repo} does not exist, or the token cannot see it (a fine-grained token ` +
                    'sees only the repositories it was given). Check the input repository and the token.'
                : `The environment "${environment}" does not exist in ${owner}/${repo}, or the token cannot see the ` +
                    'repository. Create the environment under Settings > Environments > New environment, then run again.',
        };
    }
}

;// CONCATENATED MODULE: ./src/adapters/github/store.ts


class GitHubStore {
    octokit;
    mask;
    location;
    place;
    publicKey;
    /** `place`: a repository or environment (RepositoryPlace), or an organization (OrganizationPlace). */
    constructor(octokit, place, mask) {
        this.octokit = octokit;
        this.mask = mask;
        this.place = place;
        this.location = place.location;
    }
    async readVariables(names) {
        // One listing answers for every name (and a 404 here means the target itself is missing).
        const wanted = new Set(names.map((name) => name.toUpperCase()));
        const noticed = this.place.notice('variables', names);
        const found = await this.listVariables(wanted);
        await noticed;
        return found;
    }
    async listVariables(wanted) {
        const found = new Map();
        const purpose = this.purpose('list variables', 'Variables', 'read');
        for (let page = 1;; page++) {
            const response = await callGitHub(purpose, () => this.octokit.request(`GET ${this.prefix('variables')}`, { ...this.params(), per_page: 30, page }));
            const data = response.data;
            for (const variable of data.variables) {
                if (wanted.has(variable.name.toUpperCase()))
                    found.set(variable.name.toUpperCase(), {
                        value: variable.value,
                        updatedAt: (0,json/* timestamp */.vE)(variable.updated_at),
                    });
            }
            if (found.size === wanted.size || data.variables.length === 0 || page * 30 >= data.total_count)
                return found;
        }
    }
    async getVariable(name) {
        try {
            const response = await this.octokit.request(`GET ${this.prefix('variables')}/{name}`, {
                ...this.params(),
                name,
            });
            return response.data.value;
        }
        catch (error) {
            if (statusOf(error) === 404)
                return undefined;
            throw explainGitHubError(error, this.purpose(`read variable ${name}`, 'Variables', 'read'));
        }
    }
    async setVariable(name, value, exists) {
        const purpose = this.purpose(`write variable ${name}`, 'Variables', 'write');
        const fields = await this.place.writeFields();
        await this.place.notice('variables', [name]);
        const body = { ...this.params(), ...fields, name, value };
        const update = () => this.octokit.request(`PATCH ${this.prefix('variables')}/{name}`, body);
        const create = () => this.octokit.request(`POST ${this.prefix('variables')}`, body);
        try {
            await (exists ? update() : create());
        }
        catch (error) {
            // Someone else created or removed it since we read it: try the other verb once.
            const wrongGuess = exists ? statusOf(error) === 404 : statusOf(error) === 409;
            if (!wrongGuess)
                throw explainGitHubError(error, purpose);
            await callGitHub(purpose, exists ? create : update);
        }
    }
    async deleteVariable(name) {
        return this.delete(`DELETE ${this.prefix('variables')}/{name}`, { name }, this.purpose(`delete variable ${name}`, 'Variables', 'write'));
    }
    /** Starts what sealing needs (the public key, libsodium) so it can overlap other work. */
    /** GitHub never returns a secret's value: the action takes keys as inputs. */
    readSecret() {
        return Promise.resolve(undefined);
    }
    async prepareToSeal(compileAfter = Promise.resolve()) {
        // The calls go out first: compiling libsodium holds this one thread, and the answers can travel meanwhile.
        const calls = Promise.all([this.loadPublicKey(), this.place.writeFields()]);
        calls.catch(() => undefined); // awaited below, after a turn of the event loop
        await compileAfter;
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all([calls, loadSodium()]);
    }
    async sealSecret(value) {
        // Organization scope: the selected repositories are looked up before anything is encrypted.
        await this.place.writeFields();
        const publicKey = await this.loadPublicKey();
        const sodium = await loadSodium();
        const box = sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL));
        const encryptedValue = sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
        this.mask(encryptedValue);
        return { encryptedValue, keyId: publicKey.key_id };
    }
    /**
     * The target's public key, fetched once per run. A failure is kept too: the call was already retried as
     * far as it should be, and asking again would retry a final 4xx.
     */
    async loadPublicKey() {
        this.publicKey ??= callGitHub(this.purpose('read the Actions secrets public key', 'Secrets', 'read'), async () => {
            const response = await this.octokit.request(`GET ${this.prefix('secrets')}/public-key`, this.params());
            return response.data;
        });
        return this.publicKey;
    }
    async putSecret(name, sealed) {
        const fields = await this.place.writeFields();
        await this.place.notice('secrets', [name]);
        await callGitHub(this.purpose(`write secret ${name}`, 'Secrets', 'write'), () => this.octokit.request(`PUT ${this.prefix('secrets')}/{secret_name}`, {
            ...this.params(),
            ...fields,
            secret_name: name,
            encrypted_value: sealed.encryptedValue,
            key_id: sealed.keyId,
        }));
    }
    async deleteSecret(name) {
        return this.delete(`DELETE ${this.prefix('secrets')}/{secret_name}`, { secret_name: name }, this.purpose(`delete secret ${name}`, 'Secrets', 'write'));
    }
    async delete(route, names, purpose) {
        try {
            await this.octokit.request(route, { ...this.params(), ...names });
            return true;
        }
        catch (error) {
            if (statusOf(error) === 404)
                return false;
            throw explainGitHubError(error, purpose);
        }
    }
    prefix(kind) {
        return this.place.prefix(kind);
    }
    params() {
        return this.place.params();
    }
    purpose(action, resource, access) {
        return this.place.purpose(action, resource, access);
    }
}
/** libsodium, loaded on first use: only runs that store a secret need it (check and not-due never do). */
async function loadSodium() {
    const { default: sodium } = await __webpack_require__.e(/* import() */ 768).then(__webpack_require__.bind(__webpack_require__, 32387));
    await sodium.ready;
    return sodium;
}

;// CONCATENATED MODULE: ./src/adapters/github/connect.ts





/**
 * The action's GitHub side, loaded on demand (one chunk of the bundle): the store, one Octokit configured
 * once for the target the settings name, and the rotation issue's tracker, whose client uses issue-token.
 */
function connectGitHub(github, io) {
    const { token, apiUrl, owner, repo, scope } = github;
    const octokit = createGitHubClient({ token, baseUrl: apiUrl, log: io.log });
    const place = scope?.kind === 'organization'
        ? new OrganizationPlace(octokit, { ...scope, organization: owner, repo }, io)
        : new RepositoryPlace({
            owner,
            repo,
            environment: scope?.kind === 'environment' ? scope.environment : undefined,
        });
    return {
        store: new GitHubStore(octokit, place, io.mask),
        issueTracker: (issue) => new GitHubIssueTracker(createGitHubClient({ token: issue.token, baseUrl: apiUrl, log: io.log }), `${issue.owner}/${issue.repo}`),
    };
}


/***/ })

};
