// The REST routes of the GitHub fake: `dispatch` finds the repository or environment and checks the token's
// permissions; then one handler per route answers. Bodies were already checked against GitHub's OpenAPI
// description by the server (violations arrive in `bodyErrors`).
import { environmentBody, githubError, repositoryBody } from './bodies.js';
import { allows, ENV, REPO, requiredPermissions } from './rules.js';
import { dispatchOrganization, ORG_ACTIONS } from './org-routes.js';
import { SCOPED_ROUTES } from './scoped-routes.js';
import type { Environment, GitHubState, Scope } from './state.js';
import type { TokenPermissions } from './types.js';

/** A routed, authenticated request. */
export interface Context {
  method: string;
  /** OpenAPI template. */
  route: string;
  params: Record<string, string>;
  /** Full request URL on the fake (for Link headers). */
  url: URL;
  body: unknown;
  /** OpenAPI violations of the body (already recorded); answered with 422 once the target is known. */
  bodyErrors: string[];
  docs: string;
  permissions: TokenPermissions;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDeps {
  state: GitHubState;
  baseUrl: string;
  violations: string[];
}

export function dispatch(ctx: Context, deps: RouteDeps): Reply {
  const { method, route, params, docs } = ctx;
  const notFound: Reply = { status: 404, body: githubError('Not Found', 404, docs) };
  const unimplemented = (): Reply => {
    deps.violations.push(`${method} ${route}: documented by GitHub but not implemented by the fake`);
    return notFound;
  };
  if (route.startsWith(`${ORG_ACTIONS}/`)) return dispatchOrganization(ctx, deps);
  const isEnvRoute = route === ENV || route.startsWith(`${ENV}/`);
  const rest = route.startsWith(`${ENV}/`)
    ? route.slice(ENV.length)
    : route.startsWith(`${REPO}/actions/`)
      ? route.slice(`${REPO}/actions`.length)
      : undefined;
  const needed = requiredPermissions(method, route, rest, isEnvRoute);
  if (!needed) return unimplemented();
  const repo = deps.state.repository(`${params.owner}/${params.repo}`);
  if (!repo) return notFound;
  if (!needed.every(([perm, level]) => allows(ctx.permissions, perm, level))) {
    return {
      status: 403,
      body: githubError('Resource not accessible by personal access token', 403, docs),
      headers: {
        'x-accepted-github-permissions': needed.map(([perm, level]) => `${perm}=${level}`).join(','),
      },
    };
  }

  let env: Environment | undefined;
  if (isEnvRoute) {
    env = repo.environments.get(params.environment_name.toLowerCase());
    if (!env) return notFound;
  }
  if (ctx.bodyErrors.length > 0) {
    return { status: 422, body: githubError(`Invalid request.\n\n${ctx.bodyErrors.join('\n')}`, 422, docs) };
  }
  if (route === REPO) return { status: 200, body: repositoryBody(repo, deps.baseUrl) };
  if (route === ENV && env) return { status: 200, body: environmentBody(repo, env, deps.baseUrl) };
  const handler = SCOPED_ROUTES[`${method} ${rest ?? ''}`];
  if (!handler) return unimplemented();
  const scope: Scope = env ? env.scope : repo.scope;
  return handler({ ctx, scope, state: deps.state, notFound });
}
