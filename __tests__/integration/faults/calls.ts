// Set-up shared by the per-call fault tests: every GitHub call the product makes (through GitHubStore and the
// configured client), at repository and environment scope, against the loopback fake with injected faults.
import { afterEach } from '@jest/globals';
import { createGitHubClient } from '../../../src/adapters/github/client.js';
import type { GitHubTarget } from '../../../src/adapters/github/place.js';
import { RepositoryPlace } from '../../../src/adapters/github/repository.js';
import { GitHubStore } from '../../../src/adapters/github/store.js';
import {
  FAKE_TOKEN,
  startFakeGitHub,
  type Fault,
  type FakeGitHub,
  type Target,
} from '../../support/fake-github.js';

export const REPOSITORY = 'octo-org/payments';
export const ENVIRONMENT = 'production';
export const READ_ONLY = 'read-only-token-0002';
export const NO_ACCESS = 'no-access-token-0003';
/** The unit of every retry wait (1 s in production): plugin-retry's 1, 4, 9 units, retry-after's seconds. */
const RETRY_BASE_MS = 1;

const fakes: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** A fake GitHub with three tokens (all, read-only, none) and the environment; closed after each test. */
export async function startFake(): Promise<FakeGitHub> {
  const github = await startFakeGitHub({
    tokens: {
      [FAKE_TOKEN]: {},
      [READ_ONLY]: { secrets: 'read', variables: 'read', environments: 'read', actions: 'read' },
      [NO_ACCESS]: { secrets: 'none', variables: 'none', environments: 'none', actions: 'none' },
    },
  });
  github.addEnvironment(REPOSITORY, ENVIRONMENT);
  fakes.push(github);
  return github;
}

export function client(
  github: FakeGitHub,
  options: {
    token?: string;
    timeoutMs?: number;
    log?: string[];
    /** Called with each retry notice as the client decides on the retry, before it waits. */
    onLog?: (message: string) => void;
    retryBaseMs?: number;
  } = {},
) {
  return createGitHubClient({
    token: options.token ?? FAKE_TOKEN,
    baseUrl: github.url,
    retryBaseMs: options.retryBaseMs ?? RETRY_BASE_MS,
    timeoutMs: options.timeoutMs ?? 5_000,
    log: (message) => {
      options.log?.push(message);
      options.onLog?.(message);
    },
  });
}

/** The fake's state without its write counter (a retried idempotent write may bump it). */
export function endState(github: FakeGitHub): unknown {
  return JSON.parse(github.snapshot(), (key, value: unknown) => (key === 'revision' ? undefined : value));
}

export const secondary = (retryAfter = 1): Fault => ({ kind: 'secondary-rate-limit', retryAfter });
export const status = (
  code: number,
  extra: { headers?: Record<string, string>; body?: unknown } = {},
): Fault => ({
  kind: 'status',
  status: code,
  ...extra,
});

export interface Scope {
  name: 'repository' | 'environment';
  target: Target;
  store: GitHubTarget;
  /** A target that does not exist, for 404s. */
  missing: GitHubTarget;
  prefix: string;
}

export const SCOPES: Scope[] = [
  {
    name: 'repository',
    target: { repository: REPOSITORY },
    store: { owner: 'octo-org', repo: 'payments' },
    missing: { owner: 'octo-org', repo: 'no-such-repo' },
    prefix: '/repos/{owner}/{repo}/actions',
  },
  {
    name: 'environment',
    target: { repository: REPOSITORY, environment: ENVIRONMENT },
    store: { owner: 'octo-org', repo: 'payments', environment: ENVIRONMENT },
    missing: { owner: 'octo-org', repo: 'payments', environment: 'no-such-environment' },
    prefix: '/repos/{owner}/{repo}/environments/{environment_name}',
  },
];

export interface Operation {
  name: string;
  method: string;
  /** Route after the scope prefix. */
  route: string;
  resource: 'Secrets' | 'Variables';
  access: 'read' | 'write';
  act(store: GitHubStore): Promise<unknown>;
  /** A 404 of the target reads as this result instead of failing (e.g. "no such variable"). */
  onMissingTarget?: { value: unknown };
}

const op = (
  name: string,
  method: string,
  route: string,
  access: Operation['access'],
  act: Operation['act'],
  onMissingTarget?: { value: unknown },
): Operation => ({
  name,
  method,
  route,
  resource: route.startsWith('/secrets') ? 'Secrets' : 'Variables',
  access,
  act,
  onMissingTarget,
});

export const OPERATIONS: Operation[] = [
  op('list variables', 'GET', '/variables', 'read', async (store) =>
    Object.fromEntries(
      [...(await store.readVariables(['EXISTING', 'ABSENT']))].map(([name, listed]) => [name, listed.value]),
    ),
  ),
  op('get variable', 'GET', '/variables/{name}', 'read', (store) => store.getVariable('EXISTING'), {
    value: undefined,
  }),
  op('create variable (POST)', 'POST', '/variables', 'write', (store) =>
    store.setVariable('CREATED', 'new value', false),
  ),
  op('update variable (PATCH)', 'PATCH', '/variables/{name}', 'write', (store) =>
    store.setVariable('EXISTING', 'new value', true),
  ),
  op('delete variable', 'DELETE', '/variables/{name}', 'write', (store) => store.deleteVariable('EXISTING'), {
    value: false,
  }),
  // The key fetched under fault must seal correctly: store with it and let the fake open the box.
  op('public key', 'GET', '/secrets/public-key', 'read', async (store) => {
    const sealed = await store.sealSecret('sealed under fault');
    await store.putSecret('SEALED', sealed);
    return sealed.keyId.length > 0;
  }),
  op('put secret', 'PUT', '/secrets/{secret_name}', 'write', async (store) =>
    store.putSecret('WRITTEN', await store.sealSecret('secret value')),
  ),
  op(
    'delete secret',
    'DELETE',
    '/secrets/{secret_name}',
    'write',
    (store) => store.deleteSecret('EXISTING_SECRET'),
    {
      value: false,
    },
  ),
];

export interface Outcome {
  result?: unknown;
  error?: unknown;
  /** Requests of the faulted call the fake received. */
  attempts: number;
  state: unknown;
  github: FakeGitHub;
  log: string[];
}

/** Runs `op` once against a fresh fake, with `faults` queued on its route (in order). */
export async function attempt(
  scope: Scope,
  op: Operation,
  options: {
    faults?: Fault[];
    token?: string;
    timeoutMs?: number;
    target?: GitHubTarget;
    /** Called with the fake once its state and faults are set, before the call (e.g. to place a hold). */
    prepare?: (github: FakeGitHub) => void;
  } = {},
): Promise<Outcome> {
  const github = await startFake();
  github.setVariable(scope.target, 'EXISTING', 'old value');
  github.setSecret(scope.target, 'EXISTING_SECRET', 'old secret');
  const route = scope.prefix + op.route;
  for (const fault of options.faults ?? []) github.injectFault({ ...fault, method: op.method, route });
  options.prepare?.(github);
  const log: string[] = [];
  const store = new GitHubStore(
    client(github, { token: options.token, timeoutMs: options.timeoutMs, log }),
    new RepositoryPlace(options.target ?? scope.store),
    () => undefined,
  );
  const outcome: Outcome = { attempts: 0, state: undefined, github, log };
  try {
    outcome.result = await op.act(store);
  } catch (error) {
    outcome.error = error;
  }
  outcome.attempts = github.callCount(op.method, route);
  outcome.state = endState(github);
  return outcome;
}

/** The error of a failed outcome (fails the test when the call succeeded). */
export function errorOf(outcome: Outcome): Error {
  if (!(outcome.error instanceof Error))
    throw new Error(`expected a failure, got ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}
