// A loopback fake of the slice of GitHub's REST API the action uses: Actions secrets and variables at
// repository and environment scope, environments, and the repository itself. It keeps real X25519 key
// pairs, opens every sealed secret it is sent, answers with GitHub's status codes and error bodies, and
// checks every request against GitHub's OpenAPI description (see openapi.ts).
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomInt } from 'node:crypto';
import { checkRequestBody, documentationUrl, matchRoute } from './openapi.js';
import { generateKeyPair, openSealedBox, sealBox, type KeyPair } from './sealed-box.js';

/** The token every default fake accepts, with every permission. */
export const FAKE_TOKEN = 'fake-github-token-0001';
export const DEFAULT_REPOSITORY = 'octo-org/payments';

export type Access = 'read' | 'write' | 'none';
/**
 * Fine-grained token permissions; each defaults to `write` (`read` for metadata).
 * `actions` is what GitHub asks for to read an environment (GET .../environments/{name}).
 */
export interface TokenPermissions {
  secrets?: Access;
  variables?: Access;
  environments?: Access;
  actions?: Access;
  metadata?: 'read' | 'none';
}

/** Where secrets and variables live: a repository ('owner/name'), or one of its environments. */
export interface Target {
  repository: string;
  environment?: string;
}

type FaultMatch = { method?: string; route?: string /* OpenAPI template */; times?: number /* default 1 */ };
/** Queued misbehaviour; the first queued fault matching a request is used (and counted down). */
export type Fault =
  | (FaultMatch & { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown })
  | (FaultMatch & { kind: 'drop' }) // destroy the socket without answering
  | (FaultMatch & { kind: 'slow'; delayMs: number }) // answer normally after a delay
  | (FaultMatch & { kind: 'secondary-rate-limit'; retryAfter?: number }); // 403 + retry-after (default 1 s)

export interface Call {
  method: string;
  /** Request path without the query string, as sent (percent-encoded). */
  path: string;
  /** OpenAPI template, or '(unmatched)' when GitHub has no such route. */
  route: string;
  /** Status answered; 0 when the connection was dropped. */
  status: number;
}

export interface FakeGitHub {
  /** Base URL for Octokit's `baseUrl` / the action's `github-api-url`. */
  url: string;
  /** The default token (FAKE_TOKEN unless `tokens` was given: then the first one). */
  token: string;
  addRepository(fullName: string): void;
  addEnvironment(repository: string, environment: string): void;
  /** Decrypted plaintext of a stored secret (opened with the independent sealed-box.ts). */
  secret(target: Target, name: string): string | undefined;
  secretNames(target: Target): string[];
  /** The `encrypted_value` exactly as it was stored. */
  encryptedSecret(target: Target, name: string): string | undefined;
  variable(target: Target, name: string): string | undefined;
  /** Seeds a variable (creates or overwrites) without going through HTTP. */
  setVariable(target: Target, name: string, value: string): void;
  /** Seeds a secret, sealed with the target's current public key, without going through HTTP. */
  setSecret(target: Target, name: string, plaintext: string): void;
  /** Deterministic JSON of all state (targets, secret plaintexts, variable values, a write revision each). */
  snapshot(): string;
  calls: Call[];
  callCount(method: string, route: string): number;
  injectFault(fault: Fault): void;
  /** Requests that GitHub's OpenAPI description does not allow (route, method or body); should stay empty. */
  openApiViolations: string[];
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  /** token → permissions; default `{ [FAKE_TOKEN]: {} }` (everything allowed). */
  tokens?: Record<string, TokenPermissions>;
  /** 'owner/name' of each repository; default [DEFAULT_REPOSITORY]. */
  repositories?: string[];
}

interface Stored {
  createdAt: string;
  updatedAt: string;
  /** Value of the fake's write counter at the last write, so snapshot() shows rewrites of equal values. */
  revision: number;
}
interface StoredSecret extends Stored {
  encryptedValue: string;
}
interface StoredVariable extends Stored {
  value: string;
}
interface Scope {
  keyId: string;
  keys: KeyPair;
  secrets: Map<string, StoredSecret>;
  variables: Map<string, StoredVariable>;
}
interface Environment {
  id: number;
  name: string;
  createdAt: string;
  scope: Scope;
}
interface Repository {
  id: number;
  owner: string;
  name: string;
  createdAt: string;
  scope: Scope;
  environments: Map<string, Environment>; // keyed by lower-cased name: GitHub matches them case-insensitively
}

/** A routed, authenticated request. */
interface Context {
  method: string;
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

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const REPO = '/repos/{owner}/{repo}';
const ENV = `${REPO}/environments/{environment_name}`;
const UNMATCHED = '(unmatched)';
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const tokens = options.tokens ?? { [FAKE_TOKEN]: {} };
  const repositories = new Map<string, Repository>();
  const faults: { fault: Fault; left: number }[] = [];
  const calls: Call[] = [];
  const openApiViolations: string[] = [];
  let revision = 0;
  let nextId = 1000;
  let baseUrl = '';

  const newScope = (): Scope => ({
    keyId: String(randomInt(1e9, 1e10)) + String(randomInt(1e8, 1e9)), // GitHub's key ids are long digit strings
    keys: generateKeyPair(),
    secrets: new Map(),
    variables: new Map(),
  });

  const addRepository = (fullName: string): void => {
    const [owner, name, extra] = fullName.split('/');
    if (!owner || !name || extra !== undefined) {
      throw new Error(`repository must be 'owner/name': ${fullName}`);
    }
    if (repositories.has(fullName.toLowerCase())) return;
    repositories.set(fullName.toLowerCase(), {
      id: nextId++,
      owner,
      name,
      createdAt: now(),
      scope: newScope(),
      environments: new Map(),
    });
  };

  const addEnvironment = (repository: string, environment: string): void => {
    const repo = repositories.get(repository.toLowerCase());
    if (!repo) throw new Error(`unknown repository ${repository}`);
    if (repo.environments.has(environment.toLowerCase())) return;
    repo.environments.set(environment.toLowerCase(), {
      id: nextId++,
      name: environment,
      createdAt: now(),
      scope: newScope(),
    });
  };

  for (const fullName of options.repositories ?? [DEFAULT_REPOSITORY]) addRepository(fullName);

  // Test-facing helpers address targets strictly: a typo should fail the test, not read as "absent".
  const scopeOf = (target: Target): Scope => {
    const repo = repositories.get(target.repository.toLowerCase());
    if (!repo) throw new Error(`unknown repository ${target.repository}`);
    if (target.environment === undefined) return repo.scope;
    const env = repo.environments.get(target.environment.toLowerCase());
    if (!env) throw new Error(`unknown environment ${target.environment} in ${target.repository}`);
    return env.scope;
  };

  const writeSecret = (scope: Scope, name: string, encryptedValue: string): boolean => {
    const existing = scope.secrets.get(name);
    const time = now();
    scope.secrets.set(name, {
      encryptedValue,
      createdAt: existing?.createdAt ?? time,
      updatedAt: time,
      revision: ++revision,
    });
    return existing === undefined;
  };

  const writeVariable = (scope: Scope, name: string, value: string, createdAt?: string): void => {
    const time = now();
    scope.variables.set(name, {
      value,
      createdAt: createdAt ?? scope.variables.get(name)?.createdAt ?? time,
      updatedAt: time,
      revision: ++revision,
    });
  };

  const plaintext = (scope: Scope, name: string): string | undefined => {
    const stored = scope.secrets.get(name.toUpperCase());
    if (!stored) return undefined;
    return Buffer.from(
      openSealedBox(stored.encryptedValue, scope.keys.publicKey, scope.keys.secretKey),
    ).toString('utf8');
  };

  // ---- HTTP ----

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const raw = await readBody(req);
    const match = matchRoute(method, path);
    const route = match?.template ?? UNMATCHED;
    const record = (status: number): void => {
      calls.push({ method, path, route, status });
    };
    const send = (reply: Reply): void => {
      record(reply.status);
      writeJson(res, reply);
    };
    const docs = match ? documentationUrl(match.template, method) : 'https://docs.github.com/rest';

    const fault = takeFault(faults, method, route);
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const body =
        fault.body !== undefined
          ? fault.body
          : githubError(STATUS_CODES[fault.status] ?? 'Error', fault.status, docs);
      send({ status: fault.status, body: fault.status === 204 ? undefined : body, headers: fault.headers });
      return;
    }
    if (fault?.kind === 'secondary-rate-limit') {
      const message =
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        `If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`;
      const docsUrl =
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
      send({
        status: 403,
        body: githubError(message, 403, docsUrl),
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
      });
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs);

    // A route GitHub does not have is a product bug whatever the token; GitHub still answers 401 first.
    if (!match) openApiViolations.push(`${method} ${path}: no such route in GitHub's REST API`);
    const permissions = tokens[bearer(req.headers.authorization) ?? ''];
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
        openApiViolations.push(`${method} ${route}: request body is not JSON`);
        send({ status: 400, body: githubError('Problems parsing JSON', 400, docs) });
        return;
      }
    }
    const bodyErrors = checkRequestBody(route, method, body);
    openApiViolations.push(...bodyErrors);

    const ctx: Context = {
      method,
      route,
      params: match.params,
      url: new URL(path + url.search, baseUrl),
      body,
      bodyErrors,
      docs,
      permissions,
    };
    send(dispatch(ctx));
  };

  const dispatch = (ctx: Context): Reply => {
    const { method, route, params, docs } = ctx;
    const notFound: Reply = { status: 404, body: githubError('Not Found', 404, docs) };
    const isEnvRoute = route === ENV || route.startsWith(`${ENV}/`);
    const rest = route.startsWith(`${ENV}/`)
      ? route.slice(ENV.length)
      : route.startsWith(`${REPO}/actions/`)
        ? route.slice(`${REPO}/actions`.length)
        : undefined;
    const needed = requiredPermissions(method, route, rest, isEnvRoute);
    if (!needed) {
      openApiViolations.push(`${method} ${route}: documented by GitHub but not implemented by the fake`);
      return notFound;
    }
    const repo = repositories.get(`${params.owner}/${params.repo}`.toLowerCase());
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
      return {
        status: 422,
        body: githubError(`Invalid request.\n\n${ctx.bodyErrors.join('\n')}`, 422, docs),
      };
    }
    if (route === REPO) return { status: 200, body: repositoryBody(repo, baseUrl) };
    if (route === ENV && env) return { status: 200, body: environmentBody(repo, env, baseUrl) };
    return scoped(ctx, rest ?? '', env ? env.scope : repo.scope, notFound);
  };

  const scoped = (ctx: Context, rest: string, scope: Scope, notFound: Reply): Reply => {
    const { method, params, docs } = ctx;
    const body = (ctx.body ?? {}) as Record<string, string | undefined>;
    const key = `${method} ${rest}`;
    const secretName = params.secret_name?.toUpperCase();
    const variableName = params.name?.toUpperCase();
    const conflict: Reply = {
      status: 409,
      body: githubError('Already exists - Variable already exists', 409, docs),
    };

    switch (key) {
      case 'GET /secrets/public-key':
        return {
          status: 200,
          body: { key_id: scope.keyId, key: Buffer.from(scope.keys.publicKey).toString('base64') },
        };
      case 'GET /secrets': {
        const names = [...scope.secrets.keys()].sort();
        const { page, headers } = paginate(names, ctx.url, 30, 100);
        const secrets = page.map((n) => secretBody(n, scope.secrets.get(n)!));
        return { status: 200, body: { total_count: names.length, secrets }, headers };
      }
      case 'GET /secrets/{secret_name}': {
        const stored = scope.secrets.get(secretName);
        return stored ? { status: 200, body: secretBody(secretName, stored) } : notFound;
      }
      case 'PUT /secrets/{secret_name}': {
        const invalid = nameProblem('Secret', secretName);
        if (invalid) return { status: 422, body: githubError(invalid, 422, docs) };
        if (body.key_id !== scope.keyId) {
          return { status: 422, body: githubError('Bad request - Invalid key_id', 422, docs) };
        }
        try {
          openSealedBox(body.encrypted_value ?? '', scope.keys.publicKey, scope.keys.secretKey);
        } catch {
          const message = 'Bad request - validation failed due to an improperly encrypted secret';
          return { status: 422, body: githubError(message, 422, docs) };
        }
        const created = writeSecret(scope, secretName, body.encrypted_value ?? '');
        return created ? { status: 201, body: {} } : { status: 204 };
      }
      case 'DELETE /secrets/{secret_name}':
        return scope.secrets.delete(secretName) ? { status: 204 } : notFound;
      case 'GET /variables': {
        const names = [...scope.variables.keys()].sort();
        const { page, headers } = paginate(names, ctx.url, 10, 30);
        const variables = page.map((n) => variableBody(n, scope.variables.get(n)!));
        return { status: 200, body: { total_count: names.length, variables }, headers };
      }
      case 'POST /variables': {
        const name = (body.name ?? '').toUpperCase();
        const invalid = nameProblem('Variable', name);
        if (invalid) return { status: 422, body: githubError(invalid, 422, docs) };
        if (scope.variables.has(name)) return conflict;
        writeVariable(scope, name, body.value ?? '');
        return { status: 201, body: {} };
      }
      case 'GET /variables/{name}': {
        const stored = scope.variables.get(variableName);
        return stored ? { status: 200, body: variableBody(variableName, stored) } : notFound;
      }
      case 'PATCH /variables/{name}': {
        const stored = scope.variables.get(variableName);
        if (!stored) return notFound;
        // GitHub renames when the body carries a different name.
        const newName = (body.name ?? variableName).toUpperCase();
        if (newName !== variableName) {
          const invalid = nameProblem('Variable', newName);
          if (invalid) return { status: 422, body: githubError(invalid, 422, docs) };
          if (scope.variables.has(newName)) return conflict;
          scope.variables.delete(variableName);
        }
        writeVariable(scope, newName, body.value ?? stored.value, stored.createdAt);
        return { status: 204 };
      }
      case 'DELETE /variables/{name}':
        return scope.variables.delete(variableName) ? { status: 204 } : notFound;
      default:
        openApiViolations.push(
          `${method} ${ctx.route}: documented by GitHub but not implemented by the fake`,
        );
        return notFound;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must surface in the test, not hang the client.
      openApiViolations.push(`fake-github internal error: ${String(error)}`);
      if (!res.headersSent) {
        writeJson(res, {
          status: 500,
          body: githubError('Server Error', 500, 'https://docs.github.com/rest'),
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    token: Object.keys(tokens)[0] ?? FAKE_TOKEN,
    addRepository,
    addEnvironment,
    secret: (target, name) => plaintext(scopeOf(target), name),
    secretNames: (target) => [...scopeOf(target).secrets.keys()].sort(),
    encryptedSecret: (target, name) => scopeOf(target).secrets.get(name.toUpperCase())?.encryptedValue,
    variable: (target, name) => scopeOf(target).variables.get(name.toUpperCase())?.value,
    setVariable: (target, name, value) => writeVariable(scopeOf(target), name.toUpperCase(), value),
    setSecret: (target, name, text) => {
      const scope = scopeOf(target);
      writeSecret(
        scope,
        name.toUpperCase(),
        Buffer.from(sealBox(text, scope.keys.publicKey)).toString('base64'),
      );
    },
    snapshot: () => {
      const describe = (scope: Scope) => ({
        secrets: [...scope.secrets.keys()].sort().map((n) => ({
          name: n,
          plaintext: plaintext(scope, n),
          revision: scope.secrets.get(n)!.revision,
        })),
        variables: [...scope.variables.keys()].sort().map((n) => ({
          name: n,
          value: scope.variables.get(n)!.value,
          revision: scope.variables.get(n)!.revision,
        })),
      });
      const repos = [...repositories.values()].sort((a, b) => fullName(a).localeCompare(fullName(b)));
      const state = repos.map((repo) => ({
        repository: fullName(repo),
        ...describe(repo.scope),
        environments: [...repo.environments.values()]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((env) => ({ environment: env.name, ...describe(env.scope) })),
      }));
      return JSON.stringify(state, null, 2);
    },
    calls,
    callCount: (method, route) =>
      calls.filter((c) => c.method === method.toUpperCase() && c.route === route).length,
    injectFault: (fault) => {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    openApiViolations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets from the client would hold close() open
      }),
  };
}

// ---- rules ----

/** Permissions a route needs, or undefined when the fake does not implement it. */
function requiredPermissions(
  method: string,
  route: string,
  rest: string | undefined,
  isEnvRoute: boolean,
): [keyof TokenPermissions, Access][] | undefined {
  if (route === REPO) return method === 'GET' ? [['metadata', 'read']] : undefined;
  if (route === ENV) return method === 'GET' ? [['actions', 'read']] : undefined;
  if (rest === undefined) return undefined;
  const resource = rest.startsWith('/secrets')
    ? 'secrets'
    : rest.startsWith('/variables')
      ? 'variables'
      : undefined;
  if (!resource) return undefined;
  const level: Access = method === 'GET' ? 'read' : 'write';
  // Environment-scoped secrets and variables need the environments permission as well.
  return isEnvRoute
    ? [
        [resource, level],
        ['environments', level],
      ]
    : [[resource, level]];
}

function allows(permissions: TokenPermissions, perm: keyof TokenPermissions, level: Access): boolean {
  const granted = permissions[perm] ?? (perm === 'metadata' ? 'read' : 'write');
  return granted === 'write' || (granted === 'read' && level === 'read');
}

/** GitHub's naming rules for secrets and variables (checked on the upper-cased name). */
function nameProblem(kind: 'Secret' | 'Variable', name: string): string | undefined {
  if (!NAME_RULE.test(name)) {
    return (
      `${kind} names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). ` +
      'Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).'
    );
  }
  if (name.startsWith('GITHUB_')) {
    return `Failed to add ${kind.toLowerCase()}. ${kind} names must not start with GITHUB_.`;
  }
  return undefined;
}

function takeFault(
  faults: { fault: Fault; left: number }[],
  method: string,
  route: string,
): Fault | undefined {
  const index = faults.findIndex(
    ({ fault }) =>
      (!fault.method || fault.method.toUpperCase() === method) && (!fault.route || fault.route === route),
  );
  if (index < 0) return undefined;
  const entry = faults[index];
  if (--entry.left <= 0) faults.splice(index, 1);
  return entry.fault;
}

// ---- bodies ----

function githubError(message: string, status: number, documentationUrl: string) {
  return { message, documentation_url: documentationUrl, status: String(status) };
}

function secretBody(name: string, stored: StoredSecret) {
  return { name, created_at: stored.createdAt, updated_at: stored.updatedAt };
}

function variableBody(name: string, stored: StoredVariable) {
  return { name, value: stored.value, created_at: stored.createdAt, updated_at: stored.updatedAt };
}

function fullName(repo: Repository): string {
  return `${repo.owner}/${repo.name}`;
}

function environmentBody(repo: Repository, env: Environment, base: string) {
  return {
    id: env.id,
    node_id: Buffer.from(`Environment${env.id}`).toString('base64'),
    name: env.name,
    url: `${base}/repos/${fullName(repo)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `https://github.com/${fullName(repo)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt,
    updated_at: env.createdAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}

/** A `full-repository` with every field GitHub's schema requires, and nothing more. */
function repositoryBody(repo: Repository, base: string) {
  const name = fullName(repo);
  const api = `${base}/repos/${name}`;
  const html = `https://github.com/${name}`;
  const links: Record<string, string> = {};
  const suffixes: [string, string][] = [
    ['archive_url', '/{archive_format}{/ref}'],
    ['assignees_url', '/assignees{/user}'],
    ['blobs_url', '/git/blobs{/sha}'],
    ['branches_url', '/branches{/branch}'],
    ['collaborators_url', '/collaborators{/collaborator}'],
    ['comments_url', '/comments{/number}'],
    ['commits_url', '/commits{/sha}'],
    ['compare_url', '/compare/{base}...{head}'],
    ['contents_url', '/contents/{+path}'],
    ['contributors_url', '/contributors'],
    ['deployments_url', '/deployments'],
    ['downloads_url', '/downloads'],
    ['events_url', '/events'],
    ['forks_url', '/forks'],
    ['git_commits_url', '/git/commits{/sha}'],
    ['git_refs_url', '/git/refs{/sha}'],
    ['git_tags_url', '/git/tags{/sha}'],
    ['hooks_url', '/hooks'],
    ['issue_comment_url', '/issues/comments{/number}'],
    ['issue_events_url', '/issues/events{/number}'],
    ['issues_url', '/issues{/number}'],
    ['keys_url', '/keys{/key_id}'],
    ['labels_url', '/labels{/name}'],
    ['languages_url', '/languages'],
    ['merges_url', '/merges'],
    ['milestones_url', '/milestones{/number}'],
    ['notifications_url', '/notifications{?since,all,participating}'],
    ['pulls_url', '/pulls{/number}'],
    ['releases_url', '/releases{/id}'],
    ['stargazers_url', '/stargazers'],
    ['statuses_url', '/statuses/{sha}'],
    ['subscribers_url', '/subscribers'],
    ['subscription_url', '/subscription'],
    ['tags_url', '/tags'],
    ['teams_url', '/teams'],
    ['trees_url', '/git/trees{/sha}'],
  ];
  for (const [field, suffix] of suffixes) links[field] = api + suffix;
  const ownerApi = `${base}/users/${repo.owner}`;
  return {
    id: repo.id,
    node_id: Buffer.from(`Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: name,
    private: true,
    owner: {
      login: repo.owner,
      id: repo.id + 1_000_000,
      node_id: Buffer.from(`Organization${repo.id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${repo.id + 1_000_000}?v=4`,
      gravatar_id: '',
      url: ownerApi,
      html_url: `https://github.com/${repo.owner}`,
      followers_url: `${ownerApi}/followers`,
      following_url: `${ownerApi}/following{/other_user}`,
      gists_url: `${ownerApi}/gists{/gist_id}`,
      starred_url: `${ownerApi}/starred{/owner}{/repo}`,
      subscriptions_url: `${ownerApi}/subscriptions`,
      organizations_url: `${ownerApi}/orgs`,
      repos_url: `${ownerApi}/repos`,
      events_url: `${ownerApi}/events{/privacy}`,
      received_events_url: `${ownerApi}/received_events`,
      type: 'Organization',
      site_admin: false,
    },
    html_url: html,
    description: null,
    fork: false,
    url: api,
    ...links,
    clone_url: `${html}.git`,
    git_url: `git://github.com/${name}.git`,
    ssh_url: `git@github.com:${name}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: null,
    size: 0,
    default_branch: 'main',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    network_count: 0,
    subscribers_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    visibility: 'private',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

// ---- plumbing ----

/** One page of a list, with GitHub's Link header when there are more (what octokit.paginate follows). */
function paginate<T>(items: T[], url: URL, perPageDefault: number, perPageMax: number) {
  const query = url.searchParams;
  const perPage = Math.min(
    Math.max(Number(query.get('per_page') ?? perPageDefault) || perPageDefault, 1),
    perPageMax,
  );
  const current = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const pageUrl = (page: number): string => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(page));
    return `<${next.href}>`;
  };
  const links: string[] = [];
  if (current < last) links.push(`${pageUrl(current + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
  if (current > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(current - 1)}; rel="prev"`);
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {};
  return { page: items.slice((current - 1) * perPage, current * perPage), headers };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function requestId(): string {
  return randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/(.{4})(.{4})(.{4})(.{4})/, '$1:$2:$3:$4');
}

/** GitHub's timestamp style: ISO-8601 UTC without milliseconds. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
