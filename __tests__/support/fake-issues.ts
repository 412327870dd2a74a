// A fake of GitHub's issue routes the rotation issue uses: issues, comments, labels, assignees and the
// collaborator permission. Standalone so it can be mounted into the GitHub fake: `handleIssuesRoute` answers
// a request or returns undefined when the route is not one of its own. Every request body is checked against
// GitHub's OpenAPI description (openapi.ts); fake-issues-server.ts serves it alone on loopback.
import { commentJson, eventJson, issueJson, labelJson, userJson } from './fake-issues-json.js';
import { checkQuery, checkRequestBody, documentationUrl, matchRoute, type RouteMatch } from './openapi.js';

export interface FakeUser {
  login: string;
  type?: 'User' | 'Bot';
  /** GET .../collaborators/{username}/permission: role_name and the legacy permission. */
  role?: { role_name: string; permission: 'admin' | 'write' | 'read' | 'none' };
  /** GitHub lets it be assigned (a collaborator); default true when it has a role. */
  assignable?: boolean;
}

export interface FakeComment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
  /** When it was last edited (what `since` filters on); its creation when absent. */
  updatedAt?: string;
}

/** An issue's timeline entry the tracker reads: when it was closed or reopened. */
export interface FakeIssueEvent {
  id: number;
  event: 'closed' | 'reopened';
  actor: string;
  createdAt: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  assignees: string[];
  state: 'open' | 'closed';
  stateReason: string | null;
  isPullRequest: boolean;
  comments: FakeComment[];
  createdAt: string;
  events: FakeIssueEvent[];
}

export interface IssuesState {
  /** 'owner/name' of the one repository. */
  repository: string;
  /** The token's identity: who opens issues and writes comments. */
  actor: string;
  /** API base URL (for `url` fields and Link headers) and web base URL (for `html_url`). */
  apiUrl: string;
  webUrl: string;
  users: FakeUser[];
  labels: string[];
  issues: FakeIssue[];
  /** Requests the OpenAPI description does not allow; should stay empty. */
  openApiViolations: string[];
  /** `METHOD template status` of every request answered. */
  calls: string[];
  /** The next request to this OpenAPI template (any method) is answered with this status. */
  failures: { route: string; status: number }[];
  /** The token has push access: issue creation sets labels (making unknown ones); without, labels are dropped. */
  pushAccess: boolean;
  nextId: number;
  clock: () => Date;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function newIssuesState(overrides: Partial<IssuesState> = {}): IssuesState {
  return {
    repository: 'octo-org/payments',
    actor: 'github-actions[bot]',
    apiUrl: 'http://127.0.0.1',
    webUrl: 'https://github.com',
    users: [{ login: 'github-actions[bot]', type: 'Bot' }],
    labels: [],
    issues: [],
    openApiViolations: [],
    calls: [],
    failures: [],
    pushAccess: true,
    nextId: 1,
    clock: () => new Date(),
    ...overrides,
  };
}

const REPO = '/repos/{owner}/{repo}';
const ROUTES = new Set(
  [
    '/issues',
    '/issues/{issue_number}',
    '/issues/{issue_number}/comments',
    '/issues/{issue_number}/events',
    '/labels',
    '/labels/{name}',
    '/assignees/{assignee}',
    '/collaborators/{username}/permission',
  ].map((route) => REPO + route),
);

/** Answers a request to one of the issue routes, or returns undefined for any other route. */
export function handleIssuesRoute(
  method: string,
  path: string,
  body: unknown,
  state: IssuesState,
): Answer | undefined {
  const url = new URL(path, state.apiUrl);
  const match = matchRoute(method, url.pathname);
  if (match === undefined || !ROUTES.has(match.template)) return undefined;
  const answer = answerIssues(method, url, match, body, state);
  state.calls.push(`${method} ${match.template} ${answer.status}`);
  return answer;
}

function answerIssues(
  method: string,
  url: URL,
  match: RouteMatch,
  body: unknown,
  state: IssuesState,
): Answer {
  const docs = documentationUrl(match.template, method);
  const error = (status: number, message: string, extra: object = {}): Answer => ({
    status,
    body: { message, documentation_url: docs, status: String(status), ...extra },
  });
  const failure = state.failures.findIndex((f) => f.route === match.template);
  if (failure >= 0) {
    const [{ status }] = state.failures.splice(failure, 1);
    return error(status, status === 403 ? 'Resource not accessible by integration' : 'Server Error');
  }
  const bodyErrors = [
    ...checkRequestBody(match.template, method, body),
    ...checkQuery(match.template, method, url.searchParams),
  ];
  state.openApiViolations.push(...bodyErrors);
  if (bodyErrors.length > 0) return error(422, `Invalid request.\n\n${bodyErrors.join('\n')}`);
  const { params } = match;
  if (`${params.owner}/${params.repo}`.toLowerCase() !== state.repository.toLowerCase())
    return error(404, 'Not Found');
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const route = `${method} ${match.template.slice(REPO.length)}`;
  const issue = state.issues.find((candidate) => String(candidate.number) === params.issue_number);
  const user = (login: string) => state.users.find((u) => u.login.toLowerCase() === login.toLowerCase());
  const unassignable = (logins: unknown): unknown[] =>
    (Array.isArray(logins) ? (logins as unknown[]) : []).filter((login) => {
      const known = typeof login === 'string' ? user(login) : undefined;
      return known === undefined || !(known.assignable ?? known.role !== undefined);
    });
  const invalidAssignees = (logins: unknown[]): Answer =>
    error(422, 'Validation Failed', {
      errors: logins.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })),
    });

  switch (route) {
    case 'GET /issues': {
      const label = url.searchParams.get('labels')?.toLowerCase();
      const wanted = url.searchParams.get('state') ?? 'open';
      const list = state.issues
        .filter((i) => wanted === 'all' || i.state === wanted)
        .filter((i) => label === undefined || i.labels.some((l) => l.toLowerCase() === label))
        .sort((a, b) => b.number - a.number); // newest first, as GitHub's default sort
      return page(
        list.map((i) => issueJson(i, state)),
        url,
      );
    }
    case 'POST /issues': {
      const refused = unassignable(input.assignees);
      if (refused.length > 0) return invalidAssignees(refused);
      const labels = state.pushAccess ? strings(input.labels) : [];
      for (const name of labels) {
        if (!state.labels.some((l) => l.toLowerCase() === name.toLowerCase())) state.labels.push(name);
      }
      const created: FakeIssue = {
        number: state.nextId++,
        title: String(input.title),
        body: typeof input.body === 'string' ? input.body : '',
        author: state.actor,
        labels,
        assignees: strings(input.assignees),
        state: 'open',
        stateReason: null,
        isPullRequest: false,
        comments: [],
        createdAt: gitHubTime(state.clock()),
        events: [],
      };
      state.issues.push(created);
      return { status: 201, body: issueJson(created, state) };
    }
    case 'PATCH /issues/{issue_number}': {
      if (issue === undefined) return error(404, 'Not Found');
      if (input.assignees !== undefined) {
        const refused = unassignable(input.assignees);
        if (refused.length > 0) return invalidAssignees(refused);
        issue.assignees = strings(input.assignees);
      }
      if (typeof input.body === 'string') issue.body = input.body;
      if ((input.state === 'closed' || input.state === 'open') && input.state !== issue.state) {
        issue.state = input.state;
        const event = input.state === 'closed' ? 'closed' : 'reopened';
        issue.events.push({
          id: state.nextId++,
          event,
          actor: state.actor,
          createdAt: gitHubTime(state.clock()),
        });
        if (event === 'reopened') issue.stateReason = 'reopened';
      }
      if (typeof input.state_reason === 'string') issue.stateReason = input.state_reason;
      return { status: 200, body: issueJson(issue, state) };
    }
    case 'POST /issues/{issue_number}/comments': {
      if (issue === undefined) return error(404, 'Not Found');
      const comment = {
        id: state.nextId++,
        author: state.actor,
        body: String(input.body),
        createdAt: gitHubTime(state.clock()),
      };
      issue.comments.push(comment);
      return { status: 201, body: commentJson(comment, issue, state) };
    }
    case 'GET /issues/{issue_number}/comments': {
      if (issue === undefined) return error(404, 'Not Found');
      // GitHub: "only show results that were last updated after the given time".
      const since = url.searchParams.get('since');
      const after = since === null ? undefined : new Date(since).getTime();
      const listed = issue.comments.filter(
        (c) => after === undefined || new Date(c.updatedAt ?? c.createdAt).getTime() > after,
      );
      return page(
        listed.map((c) => commentJson(c, issue, state)),
        url,
      );
    }
    case 'GET /issues/{issue_number}/events':
      if (issue === undefined) return error(404, 'Not Found');
      return page(
        issue.events.map((e) => eventJson(e, state)),
        url,
      );
    case 'GET /labels/{name}': {
      const name = state.labels.find((l) => l.toLowerCase() === params.name.toLowerCase());
      return name === undefined ? error(404, 'Not Found') : { status: 200, body: labelJson(name, state) };
    }
    case 'POST /labels': {
      const name = String(input.name);
      if (state.labels.some((l) => l.toLowerCase() === name.toLowerCase()))
        return error(422, 'Validation Failed', {
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
        });
      state.labels.push(name);
      return { status: 201, body: labelJson(name, state) };
    }
    case 'GET /assignees/{assignee}':
      return unassignable([params.assignee]).length === 0 ? { status: 204 } : error(404, 'Not Found');
    case 'GET /collaborators/{username}/permission': {
      const known = user(params.username);
      if (known === undefined) return error(404, `${params.username} is not a user`);
      const role = known.role ?? { role_name: 'read', permission: 'read' };
      return {
        status: 200,
        body: { ...role, user: { ...userJson(known.login, state), role_name: role.role_name } },
      };
    }
    default:
      state.openApiViolations.push(`${route}: documented by GitHub but not implemented by the issues fake`);
      return error(404, 'Not Found');
  }
}

/** GitHub's timestamps: whole seconds, UTC. */
export function gitHubTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** GitHub's pagination: per_page (default 30, at most 100), page, and a Link header to the next page. */
function page(items: unknown[], url: URL): Answer {
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
  const number = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const slice = items.slice((number - 1) * perPage, number * perPage);
  if (number * perPage >= items.length) return { status: 200, body: slice };
  const next = new URL(url);
  next.searchParams.set('page', String(number + 1));
  return { status: 200, body: slice, headers: { link: `<${next.href}>; rel="next"` } };
}
