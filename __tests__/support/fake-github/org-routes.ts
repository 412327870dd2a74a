// The organization's Actions secrets and variables (/orgs/{org}/actions/...): the same checks as at
// repository scope, plus who may use each one (visibility, selected_repository_ids), stored and answered.
import { openSealedBox } from '../sealed-box.js';
import { githubError } from './bodies.js';
import { paginate } from './paging.js';
import { allows, nameProblem } from './rules.js';
import { sortedEntries, type GitHubState, type Organization, type StoredVariable } from './state.js';
import type { Context, Reply } from './routes.js';
import type { Access, OrganizationAccess, TokenPermissions } from './types.js';

export const ORG_ACTIONS = '/orgs/{org}/actions';

interface OrgRequest {
  ctx: Context;
  org: Organization;
  state: GitHubState;
  baseUrl: string;
  notFound: Reply;
}
type Handler = (request: OrgRequest) => Reply;

/** GitHub's names in x-accepted-github-permissions. */
const PERMISSION_NAMES: Partial<Record<keyof TokenPermissions, string>> = {
  organizationSecrets: 'organization_secrets',
  organizationVariables: 'organization_actions_variables',
};

export function dispatchOrganization(
  ctx: Context,
  deps: { state: GitHubState; baseUrl: string; violations: string[] },
): Reply {
  const notFound: Reply = { status: 404, body: githubError('Not Found', 404, ctx.docs) };
  const rest = ctx.route.slice(ORG_ACTIONS.length);
  const handler = ORG_ROUTES[`${ctx.method} ${rest}`];
  if (!handler) {
    deps.violations.push(`${ctx.method} ${ctx.route}: documented by GitHub but not implemented by the fake`);
    return notFound;
  }
  const org = deps.state.organization(ctx.params.org);
  if (!org) return notFound;
  const perm: keyof TokenPermissions = rest.startsWith('/secrets')
    ? 'organizationSecrets'
    : 'organizationVariables';
  const level: Access = ctx.method === 'GET' ? 'read' : 'write';
  if (!allows(ctx.permissions, perm, level)) {
    return {
      status: 403,
      body: githubError('Resource not accessible by personal access token', 403, ctx.docs),
      headers: { 'x-accepted-github-permissions': `${PERMISSION_NAMES[perm]}=${level}` },
    };
  }
  if (ctx.bodyErrors.length > 0) return invalid(`Invalid request.\n\n${ctx.bodyErrors.join('\n')}`, ctx);
  return handler({ ctx, org, state: deps.state, baseUrl: deps.baseUrl, notFound });
}

function body(ctx: Context): Record<string, unknown> {
  return typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as Record<string, unknown>) : {};
}

function text(ctx: Context, name: string): string | undefined {
  const value = body(ctx)[name];
  return typeof value === 'string' ? value : undefined;
}

const invalid = (message: string, ctx: Context): Reply => ({
  status: 422,
  body: githubError(message, 422, ctx.docs),
});

/**
 * visibility and selected_repository_ids of a write (already schema-checked), checked as GitHub does: ids only
 * with `selected`, and each the id of one of the organization's repositories. `fallback` when not given.
 */
function accessOf(
  { ctx, org, state }: OrgRequest,
  fallback: OrganizationAccess | undefined,
): OrganizationAccess | string {
  const visibility = text(ctx, 'visibility') ?? fallback?.visibility;
  if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected')
    return 'visibility is required';
  const ids = body(ctx).selected_repository_ids;
  // Only `selected` keeps repositories: a change to private or all drops them.
  if (ids === undefined) {
    const kept = visibility === 'selected' ? (fallback?.selectedRepositoryIds ?? []) : [];
    return { visibility, selectedRepositoryIds: kept };
  }
  if (visibility !== 'selected') {
    return 'You can only provide a list of repository ids when the visibility is set to selected';
  }
  const known = new Set(state.repositoriesOf(org.login).map((repo) => repo.id));
  const list = Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : [];
  const unknown = list.filter((id) => !known.has(id));
  if (unknown.length > 0) return `Repository ids not found in ${org.login}: ${unknown.join(', ')}`;
  return { visibility, selectedRepositoryIds: [...list].sort((a, b) => a - b) };
}

function urlOf(request: OrgRequest, kind: 'secrets' | 'variables', name: string): string {
  return `${request.baseUrl}/orgs/${request.org.login}/actions/${kind}/${name}/repositories`;
}

function variableBody(request: OrgRequest, name: string, stored: StoredVariable) {
  return {
    name,
    value: stored.value,
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
    visibility: stored.access?.visibility ?? 'all',
    ...(stored.access?.visibility === 'selected' && {
      selected_repositories_url: urlOf(request, 'variables', name),
    }),
  };
}

const secretName = (ctx: Context) => (ctx.params.secret_name ?? '').toUpperCase();
const variableName = (ctx: Context) => (ctx.params.name ?? '').toUpperCase();

const ORG_ROUTES: Record<string, Handler> = {
  'GET /secrets/public-key': ({ org }) => ({
    status: 200,
    body: { key_id: org.scope.keyId, key: Buffer.from(org.scope.keys.publicKey).toString('base64') },
  }),

  'GET /secrets/{secret_name}': (request) => {
    const name = secretName(request.ctx);
    const stored = request.org.scope.secrets.get(name);
    if (!stored) return request.notFound;
    const visibility = stored.access?.visibility ?? 'all';
    return {
      status: 200,
      body: {
        name,
        created_at: stored.createdAt,
        updated_at: stored.updatedAt,
        visibility,
        ...(visibility === 'selected' && { selected_repositories_url: urlOf(request, 'secrets', name) }),
      },
    };
  },

  'PUT /secrets/{secret_name}': (request) => {
    const { ctx, org, state } = request;
    const name = secretName(ctx);
    const problem = nameProblem('Secret', name);
    if (problem) return invalid(problem, ctx);
    if (text(ctx, 'key_id') !== org.scope.keyId) return invalid('Bad request - Invalid key_id', ctx);
    const encrypted = text(ctx, 'encrypted_value') ?? '';
    try {
      openSealedBox(encrypted, org.scope.keys.publicKey, org.scope.keys.secretKey);
    } catch {
      return invalid('Bad request - validation failed due to an improperly encrypted secret', ctx);
    }
    const access = accessOf(request, undefined);
    if (typeof access === 'string') return invalid(access, ctx);
    return state.writeSecret(org.scope, name, encrypted, access)
      ? { status: 201, body: {} }
      : { status: 204 };
  },

  'DELETE /secrets/{secret_name}': ({ ctx, org, notFound }) =>
    org.scope.secrets.delete(secretName(ctx)) ? { status: 204 } : notFound,

  'GET /variables': (request) => {
    const entries = sortedEntries(request.org.scope.variables);
    const { page, headers } = paginate(entries, request.ctx.url, 10, 30);
    const variables = page.map(([name, stored]) => variableBody(request, name, stored));
    return { status: 200, body: { total_count: entries.length, variables }, headers };
  },

  'GET /variables/{name}': (request) => {
    const name = variableName(request.ctx);
    const stored = request.org.scope.variables.get(name);
    return stored ? { status: 200, body: variableBody(request, name, stored) } : request.notFound;
  },

  'POST /variables': (request) => {
    const { ctx, org, state } = request;
    const name = (text(ctx, 'name') ?? '').toUpperCase();
    const problem = nameProblem('Variable', name);
    if (problem) return invalid(problem, ctx);
    if (org.scope.variables.has(name)) {
      return { status: 409, body: githubError('Already exists - Variable already exists', 409, ctx.docs) };
    }
    const access = accessOf(request, undefined);
    if (typeof access === 'string') return invalid(access, ctx);
    state.writeVariable(org.scope, name, text(ctx, 'value') ?? '', undefined, access);
    return { status: 201, body: {} };
  },

  'PATCH /variables/{name}': (request) => {
    const { ctx, org, state, notFound } = request;
    const name = variableName(ctx);
    const stored = org.scope.variables.get(name);
    if (!stored) return notFound;
    // The action never renames; a rename is refused rather than half-implemented.
    if ((text(ctx, 'name') ?? name).toUpperCase() !== name)
      return invalid('renaming is not supported by the fake', ctx);
    const access = accessOf(request, stored.access);
    if (typeof access === 'string') return invalid(access, ctx);
    state.writeVariable(org.scope, name, text(ctx, 'value') ?? stored.value, stored.createdAt, access);
    return { status: 204 };
  },

  'DELETE /variables/{name}': ({ ctx, org, notFound }) =>
    org.scope.variables.delete(variableName(ctx)) ? { status: 204 } : notFound,
};
