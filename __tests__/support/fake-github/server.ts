// The GitHub fake's HTTP side: one request's way from the socket to a reply. In order: a hold (the test's
// explicit interleaving), a queued fault, authentication, the route against GitHub's OpenAPI description,
// the body against the route's schema, then the route handler.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { FaultQueue } from '../fake-faults.js';
import type { Holds } from '../fake-holds.js';
import { readBody, sleep } from '../fake-http.js';
import { checkRequestBody, documentationUrl, matchRoute } from '../openapi.js';
import { handleIssuesRoute, type IssuesState } from '../fake-issues.js';
import { githubError } from './bodies.js';
import { dispatch, type Reply, type RouteDeps } from './routes.js';
import { bearer } from './rules.js';
import type { Call, Fault, TokenPermissions } from './types.js';

const UNMATCHED = '(unmatched)';
const SECONDARY_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface ServerDeps extends RouteDeps {
  tokens: Record<string, TokenPermissions>;
  /** The issue routes (mounted from ../fake-issues.ts) and the one token they accept, when set. */
  issues: IssuesState;
  issueToken: string | undefined;
  faults: FaultQueue<Fault>;
  holds: Holds;
  calls: Call[];
}

/** `handled` settles once this call is over (for a hold's `answered`). */
export async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  handled: Promise<void>,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://fake');
  const path = url.pathname;
  const raw = await readBody(req);
  const match = matchRoute(method, path);
  const route = match?.template ?? UNMATCHED;
  const send = (reply: Reply): void => {
    deps.calls.push({ method, path, route, status: reply.status });
    writeJson(res, reply);
  };
  const docs = match ? documentationUrl(match.template, method) : 'https://docs.github.com/rest';

  await deps.holds.wait({ method, path, route }, handled);

  const fault = deps.faults.take(method, route);
  if (fault?.kind === 'drop') {
    deps.calls.push({ method, path, route, status: 0 });
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    const body = fault.body ?? githubError(STATUS_CODES[fault.status] ?? 'Error', fault.status, docs);
    send({ status: fault.status, body: fault.status === 204 ? undefined : body, headers: fault.headers });
    return;
  }
  if (fault?.kind === 'secondary-rate-limit') {
    const message =
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
      `If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`;
    const headers = { 'retry-after': String(fault.retryAfter ?? 1) };
    send({ status: 403, body: githubError(message, 403, SECONDARY_DOCS), headers });
    return;
  }
  if (fault?.kind === 'slow') await sleep(fault.delayMs);

  // A route GitHub does not have is a product bug whatever the token; GitHub still answers 401 first.
  if (!match) deps.violations.push(`${method} ${path}: no such route in GitHub's REST API`);
  const permissions = deps.tokens[bearer(req.headers.authorization) ?? ''];
  if (!permissions) {
    send({ status: 401, body: githubError('Bad credentials', 401, 'https://docs.github.com/rest') });
    return;
  }
  if (!match) {
    send({ status: 404, body: githubError('Not Found', 404, docs) });
    return;
  }

  let body: unknown;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      deps.violations.push(`${method} ${route}: request body is not JSON`);
      send({ status: 400, body: githubError('Problems parsing JSON', 400, docs) });
      return;
    }
  }
  const bodyErrors = checkRequestBody(route, method, body);
  deps.violations.push(...bodyErrors);
  const token = bearer(req.headers.authorization);
  if (deps.issueToken !== undefined && isIssueRoute(route) && token !== deps.issueToken) {
    send({ status: 403, body: githubError('Resource not accessible by personal access token', 403, docs) });
    return;
  }
  const issueAnswer = handleIssuesRoute(method, path + url.search, body, deps.issues);
  if (issueAnswer !== undefined) {
    deps.violations.push(...deps.issues.openApiViolations.splice(0));
    send(issueAnswer);
    return;
  }
  const ctx = {
    method,
    route,
    params: match.params,
    url: new URL(path + url.search, deps.baseUrl),
    body,
    bodyErrors,
    docs,
    permissions,
  };
  send(dispatch(ctx, deps));
}

function isIssueRoute(route: string): boolean {
  return /^\/repos\/\{owner\}\/\{repo\}\/(issues|labels|assignees|collaborators)/.test(route);
}

/** What the fake answers when it has a bug itself: the test sees a violation, the client a 500. */
export function internalError(res: ServerResponse, error: unknown, violations: string[]): void {
  violations.push(`fake-github internal error: ${String(error)}`);
  if (!res.headersSent) {
    writeJson(res, { status: 500, body: githubError('Server Error', 500, 'https://docs.github.com/rest') });
  }
}

function writeJson(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-request-id': requestId(),
    'x-github-api-version-selected': '2022-11-28',
    ...reply.headers,
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    })
    .end(text);
}

function requestId(): string {
  return randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/(.{4})(.{4})(.{4})(.{4})/, '$1:$2:$3:$4');
}
