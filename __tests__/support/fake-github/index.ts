// A loopback fake of the slice of GitHub's REST API the action uses: Actions secrets and variables at
// repository, environment and organization scope (org-routes), environments, and the repository itself. It
// keeps real X25519 key pairs, opens every sealed secret it is sent, answers with GitHub's status codes and
// error bodies, and checks every request against GitHub's OpenAPI description (see ../openapi.ts).
//
// Modules: types (what tests see), state (what is stored), routes and scoped-routes (one handler per REST
// route), rules, bodies, paging, server (one request's way through the fake); faults and holds are shared
// with the artifact fake (../fake-faults.ts, ../fake-holds.ts).
import { FaultQueue } from '../fake-faults.js';
import { gitHubTime, newIssuesState } from '../fake-issues.js';
import { handling, Holds } from '../fake-holds.js';
import { listenOnLoopback } from '../fake-http.js';
import { handle, internalError, type ServerDeps } from './server.js';
import { GitHubState } from './state.js';
import {
  DEFAULT_REPOSITORY,
  FAKE_TOKEN,
  type Call,
  type Fault,
  type FakeGitHub,
  type FakeGitHubOptions,
} from './types.js';

export * from './types.js';

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const tokens = options.tokens ?? { [FAKE_TOKEN]: {} };
  const state = new GitHubState();
  for (const name of options.repositories ?? [DEFAULT_REPOSITORY]) state.addRepository(name);
  const calls: Call[] = [];
  const openApiViolations: string[] = [];
  const holds = new Holds();
  const deps: ServerDeps = {
    state,
    tokens,
    faults: new FaultQueue<Fault>(),
    holds,
    calls,
    violations: openApiViolations,
    baseUrl: '',
    issues: newIssuesState({ ...options.issues }),
    issueToken: options.issueToken,
  };
  const server = await listenOnLoopback((req, res) => {
    // A bug in the fake must surface in the test, not hang the client.
    const { handled, done } = handling();
    handle(req, res, deps, handled)
      .catch((error: unknown) => internalError(res, error, openApiViolations))
      .finally(done);
  });
  deps.baseUrl = server.baseUrl;
  deps.issues.apiUrl = server.baseUrl;

  return {
    url: server.baseUrl,
    token: Object.keys(tokens)[0] ?? FAKE_TOKEN,
    addRepository: (name) => state.addRepository(name),
    addEnvironment: (repository, environment) => state.addEnvironment(repository, environment),
    secret: (target, name) => state.plaintext(state.scopeOf(target), name),
    secretNames: (target) => [...state.scopeOf(target).secrets.keys()].sort(),
    encryptedSecret: (target, name) => state.scopeOf(target).secrets.get(name.toUpperCase())?.encryptedValue,
    variable: (target, name) => state.scopeOf(target).variables.get(name.toUpperCase())?.value,
    backdateVariable: (target, name, ms) => {
      const stored = state.scopeOf(target).variables.get(name.toUpperCase());
      if (stored === undefined) throw new Error(`no variable ${name}`);
      const back = (time: string) => gitHubTime(new Date(new Date(time).getTime() - ms));
      Object.assign(stored, { createdAt: back(stored.createdAt), updatedAt: back(stored.updatedAt) });
    },
    setVariable: (target, name, value) =>
      state.writeVariable(state.scopeOf(target), name.toUpperCase(), value),
    setSecret: (target, name, text) => state.sealSecret(state.scopeOf(target), name.toUpperCase(), text),
    organizationAccess: (organization, kind, name) => {
      const scope = state.scopeOf({ organization });
      const stored = (kind === 'secret' ? scope.secrets : scope.variables).get(name.toUpperCase());
      return stored?.access;
    },
    repositoryId: (fullName) => {
      const repo = state.repository(fullName);
      if (!repo) throw new Error(`unknown repository ${fullName}`);
      return repo.id;
    },
    snapshot: () => state.snapshot(),
    calls,
    callCount: (method, route) =>
      calls.filter((c) => c.method === method.toUpperCase() && c.route === route).length,
    injectFault: (fault) => deps.faults.inject(fault),
    hold: (match) => holds.hold(match),
    openApiViolations,
    issues: deps.issues,
    close: server.close,
  };
}
