export const id = 299;
export const ids = [299];
export const modules = {

/***/ 4299:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectGitHubStore: () => (/* binding */ connectGitHubStore)
});

// UNUSED EXPORTS: GitHubStore

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

;// CONCATENATED MODULE: ./src/github-errors.ts
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
    const http = (typeof error === 'object' && error !== null ? error : {});
    const status = typeof http.status === 'number' ? http.status : undefined;
    const headers = http.response?.headers ?? {};
    // Without a final period: the messages below add their own punctuation.
    const reason = githubReason(http.response?.data)?.replace(/[.\s]+$/, '');
    const quoted = reason ? ` "${reason}"` : '';
    const prefix = `Could not ${purpose.action}`;
    const note = failureNote(error);
    const attempts = note?.attempts;
    const tries = attempts !== undefined && attempts > 1 ? ` (${attempts} attempts)` : '';
    const fail = (text) => new GitHubCallError(`${prefix}: ${text}`, status);
    if (http.response !== undefined && status === 401) {
        return fail(`GitHub refused the token (401${quoted}): it is invalid, expired or revoked. ` +
            'Create a new token and update the secret passed as github-token.');
    }
    const wait = http.response !== undefined ? rateLimitWait(error, now.getTime()) : undefined;
    if (wait !== undefined) {
        const after = isoSeconds(new Date(now.getTime() + Math.max(wait, 1) * 1000));
        const why = wait > MAX_RETRY_AFTER_SECONDS
            ? `GitHub's rate limit stopped the call (${status}) and asks to wait ${wait} s, longer than the ` +
                `${MAX_RETRY_AFTER_SECONDS} s this action waits`
            : `GitHub's rate limit still stopped the call (${status})${tries}`;
        return fail(`${why}. Run again after ${after}.`);
    }
    if (http.response !== undefined && status === 403) {
        const accepted = headers['x-accepted-github-permissions'];
        const githubSays = accepted ? ` (GitHub accepts: ${String(accepted).replace(/,/g, ', ')})` : '';
        const needs = purpose.permissions.map((permission) => `"${permission}"`).join(' and ');
        return fail(`the token is not allowed to (403${quoted}). It needs the repository permission${purpose.permissions.length > 1 ? 's' : ''} ` +
            `${needs} on ${purpose.repository}${githubSays}. Use a fine-grained personal access token or a GitHub App ` +
            "token with that access; the workflow's GITHUB_TOKEN cannot write Actions secrets or variables.");
    }
    if (http.response !== undefined && status === 404) {
        return fail(`not found (404). ${purpose.notFound}`);
    }
    if (http.response !== undefined && status !== undefined && status >= 400 && status < 500) {
        return fail(`GitHub rejected the request (${status}): ${reason || 'no reason given'}.`);
    }
    if (http.response !== undefined && status !== undefined && status >= 500) {
        return fail(`GitHub answered ${status}${tries}. GitHub may be having an incident (https://www.githubstatus.com); run again later.`);
    }
    if (http.response !== undefined) {
        return fail(`GitHub answered ${status ?? 'without a status'}${quoted}.`);
    }
    const cause = note?.timedOutAfterMs !== undefined
        ? `: no answer within ${note.timedOutAfterMs / 1000} s`
        : http.message
            ? `: ${clip(http.message)}`
            : '';
    return fail(`no answer from GitHub${tries}${cause}. Check github-api-url and the network, then run again.`);
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
function isoSeconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

;// CONCATENATED MODULE: ./src/github-store.ts
/**
 * Secrets and variables of a GitHub repository or environment, through the REST API. Secret values are
 * sealed (libsodium crypto_box_seal) with the target's public key, which is fetched once per run.
 */


/** The action's store: one Octokit, configured once, for the target the settings name. */
function connectGitHubStore(github, io) {
    const { token, apiUrl, owner, repo, environment } = github;
    const octokit = createGitHubClient({ token, baseUrl: apiUrl, log: io.log });
    return new GitHubStore(octokit, { owner, repo, environment }, io.mask);
}
class GitHubStore {
    octokit;
    target;
    mask;
    location;
    publicKey;
    constructor(octokit, target, mask) {
        this.octokit = octokit;
        this.target = target;
        this.mask = mask;
        const repository = `${target.owner}/${target.repo}`;
        this.location =
            target.environment === undefined
                ? `repository ${repository}`
                : `environment "${target.environment}" of ${repository}`;
    }
    async readVariables(names) {
        // One listing answers for every name (and a 404 here means the target itself is missing).
        const wanted = new Set(names.map((name) => name.toUpperCase()));
        const found = new Map();
        const purpose = this.purpose('list variables', 'Variables', 'read');
        for (let page = 1;; page++) {
            const response = await this.call(purpose, () => this.octokit.request(`GET ${this.prefix('variables')}`, { ...this.params(), per_page: 30, page }));
            const data = response.data;
            for (const variable of data.variables) {
                if (wanted.has(variable.name.toUpperCase()))
                    found.set(variable.name.toUpperCase(), variable.value);
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
        const update = () => this.octokit.request(`PATCH ${this.prefix('variables')}/{name}`, { ...this.params(), name, value });
        const create = () => this.octokit.request(`POST ${this.prefix('variables')}`, { ...this.params(), name, value });
        try {
            await (exists ? update() : create());
        }
        catch (error) {
            // Someone else created or removed it since we read it: try the other verb once.
            const wrongGuess = exists ? statusOf(error) === 404 : statusOf(error) === 409;
            if (!wrongGuess)
                throw explainGitHubError(error, purpose);
            await this.call(purpose, exists ? create : update);
        }
    }
    async deleteVariable(name) {
        return this.delete(`DELETE ${this.prefix('variables')}/{name}`, { name }, this.purpose(`delete variable ${name}`, 'Variables', 'write'));
    }
    /** Starts what sealing needs (the public key, libsodium) so it can overlap other work. */
    async prepareToSeal() {
        await Promise.all([this.loadPublicKey(), loadSodium()]);
    }
    async sealSecret(value) {
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
        this.publicKey ??= this.call(this.purpose('read the Actions secrets public key', 'Secrets', 'read'), async () => {
            const response = await this.octokit.request(`GET ${this.prefix('secrets')}/public-key`, this.params());
            return response.data;
        });
        return this.publicKey;
    }
    async putSecret(name, sealed) {
        await this.call(this.purpose(`write secret ${name}`, 'Secrets', 'write'), () => this.octokit.request(`PUT ${this.prefix('secrets')}/{secret_name}`, {
            ...this.params(),
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
    async call(purpose, request) {
        try {
            return await request();
        }
        catch (error) {
            throw explainGitHubError(error, purpose);
        }
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
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
/** libsodium, loaded on first use: only runs that store a secret need it (check and not-due never do). */
async function loadSodium() {
    const { default: sodium } = await __webpack_require__.e(/* import() */ 768).then(__webpack_require__.bind(__webpack_require__, 32387));
    await sodium.ready;
    return sodium;
}


/***/ })

};
