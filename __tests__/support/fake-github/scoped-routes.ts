// One handler per Actions secrets/variables route, at repository or environment scope (the same routes exist
// under both; `scope` is the one the request named).
import { openSealedBox } from '../sealed-box.js';
import { githubError, secretBody, variableBody } from './bodies.js';
import { paginate } from './paging.js';
import { nameProblem } from './rules.js';
import { sortedEntries, type GitHubState, type Scope } from './state.js';
import type { Context, Reply } from './routes.js';

export interface ScopedRequest {
  ctx: Context;
  scope: Scope;
  state: GitHubState;
  notFound: Reply;
}

type Handler = (request: ScopedRequest) => Reply;

/** A string field of the (already schema-checked) JSON body. */
function field(ctx: Context, name: string): string | undefined {
  const body: unknown = ctx.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

const invalid = (message: string, ctx: Context): Reply => ({
  status: 422,
  body: githubError(message, 422, ctx.docs),
});
const conflict = (ctx: Context): Reply => ({
  status: 409,
  body: githubError('Already exists - Variable already exists', 409, ctx.docs),
});
const secretName = (ctx: Context): string => (ctx.params.secret_name ?? '').toUpperCase();
const variableName = (ctx: Context): string => (ctx.params.name ?? '').toUpperCase();

/** Keyed by `METHOD /path-after-scope` (the OpenAPI template's tail). */
export const SCOPED_ROUTES: Record<string, Handler> = {
  'GET /secrets/public-key': ({ scope }) => ({
    status: 200,
    body: { key_id: scope.keyId, key: Buffer.from(scope.keys.publicKey).toString('base64') },
  }),

  'GET /secrets': ({ ctx, scope }) => {
    const entries = sortedEntries(scope.secrets);
    const { page, headers } = paginate(entries, ctx.url, 30, 100);
    const secrets = page.map(([name, stored]) => secretBody(name, stored));
    return { status: 200, body: { total_count: entries.length, secrets }, headers };
  },

  'GET /secrets/{secret_name}': ({ ctx, scope, notFound }) => {
    const stored = scope.secrets.get(secretName(ctx));
    return stored ? { status: 200, body: secretBody(secretName(ctx), stored) } : notFound;
  },

  'PUT /secrets/{secret_name}': ({ ctx, scope, state }) => {
    const name = secretName(ctx);
    const problem = nameProblem('Secret', name);
    if (problem) return invalid(problem, ctx);
    if (field(ctx, 'key_id') !== scope.keyId) return invalid('Bad request - Invalid key_id', ctx);
    const encrypted = field(ctx, 'encrypted_value') ?? '';
    try {
      openSealedBox(encrypted, scope.keys.publicKey, scope.keys.secretKey);
    } catch {
      return invalid('Bad request - validation failed due to an improperly encrypted secret', ctx);
    }
    return state.writeSecret(scope, name, encrypted) ? { status: 201, body: {} } : { status: 204 };
  },

  'DELETE /secrets/{secret_name}': ({ ctx, scope, notFound }) =>
    scope.secrets.delete(secretName(ctx)) ? { status: 204 } : notFound,

  'GET /variables': ({ ctx, scope }) => {
    const entries = sortedEntries(scope.variables);
    const { page, headers } = paginate(entries, ctx.url, 10, 30);
    const variables = page.map(([name, stored]) => variableBody(name, stored));
    return { status: 200, body: { total_count: entries.length, variables }, headers };
  },

  'POST /variables': ({ ctx, scope, state }) => {
    const name = (field(ctx, 'name') ?? '').toUpperCase();
    const problem = nameProblem('Variable', name);
    if (problem) return invalid(problem, ctx);
    if (scope.variables.has(name)) return conflict(ctx);
    state.writeVariable(scope, name, field(ctx, 'value') ?? '');
    return { status: 201, body: {} };
  },

  'GET /variables/{name}': ({ ctx, scope, notFound }) => {
    const stored = scope.variables.get(variableName(ctx));
    return stored ? { status: 200, body: variableBody(variableName(ctx), stored) } : notFound;
  },

  'PATCH /variables/{name}': ({ ctx, scope, state, notFound }) => {
    const name = variableName(ctx);
    const stored = scope.variables.get(name);
    if (!stored) return notFound;
    // GitHub renames when the body carries a different name.
    const newName = (field(ctx, 'name') ?? name).toUpperCase();
    if (newName !== name) {
      const problem = nameProblem('Variable', newName);
      if (problem) return invalid(problem, ctx);
      if (scope.variables.has(newName)) return conflict(ctx);
      scope.variables.delete(name);
    }
    state.writeVariable(scope, newName, field(ctx, 'value') ?? stored.value, stored.createdAt);
    return { status: 204 };
  },

  'DELETE /variables/{name}': ({ ctx, scope, notFound }) =>
    scope.variables.delete(variableName(ctx)) ? { status: 204 } : notFound,
};
