// GitHub faults, in process and fast: every call the product makes (through GitHubStore and the configured
// client) against the loopback fake, with each kind of fault; then whole request and promote runs with a fault
// at each of their calls. Transient faults must end exactly like a clean run; permanent ones must fail at once
// with a message naming the cause; no call is ever attempted more than 4 times.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from '../../src/deps.js';
import { PartialWriteError, RefusedError } from '../../src/errors.js';
import { createGitHubClient, MAX_RETRIES } from '../../src/github.js';
import { GitHubCallError } from '../../src/github-errors.js';
import { GitHubStore, type GitHubTarget } from '../../src/github-store.js';
import { OpenSsl, type KeyAndCsr } from '../../src/openssl.js';
import type { CsrArtifact } from '../../src/publisher.js';
import type { RunResult } from '../../src/result.js';
import { rotate } from '../../src/protocol.js';
import { readInputs } from '../support/read-inputs.js';
import type { CredentialStore, SealedSecret } from '../../src/store.js';
import { subjectAttributes } from '../../src/subject.js';
import {
  FAKE_TOKEN,
  startFakeGitHub,
  type Fault,
  type FakeGitHub,
  type Target,
} from '../support/fake-github.js';
import {
  issuedCredential,
  spkiSha256,
  KEY,
  PENDING,
  PREVIOUS,
  CERT,
  CERT_PREVIOUS,
  CSR,
  VARIABLES,
  VARIABLE,
  PUBLIC_KEY,
  SECRET,
} from '../support/fixtures.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

const REPOSITORY = 'octo-org/payments';
const ENVIRONMENT = 'production';
const READ_ONLY = 'read-only-token-0002';
const NO_ACCESS = 'no-access-token-0003';
const RETRY_BASE_MS = 5;
const MAX_ATTEMPTS = MAX_RETRIES + 1;

const fakes: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function startFake(): Promise<FakeGitHub> {
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

function client(github: FakeGitHub, options: { token?: string; timeoutMs?: number; log?: string[] } = {}) {
  return createGitHubClient({
    token: options.token ?? FAKE_TOKEN,
    baseUrl: github.url,
    retryBaseMs: RETRY_BASE_MS,
    timeoutMs: options.timeoutMs ?? 5_000,
    log: (message) => options.log?.push(message),
  });
}

/** The fake's state without its write counter (a retried idempotent write may bump it). */
function endState(github: FakeGitHub): unknown {
  return JSON.parse(github.snapshot(), (key, value: unknown) => (key === 'revision' ? undefined : value));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

// ------------------------------------------------------------------------------------ every call, every fault

interface Scope {
  name: 'repository' | 'environment';
  target: Target;
  store: GitHubTarget;
  /** A target that does not exist, for 404s. */
  missing: GitHubTarget;
  prefix: string;
}

const SCOPES: Scope[] = [
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

interface Operation {
  name: string;
  method: string;
  /** Route after the scope prefix. */
  route: string;
  resource: 'Secrets' | 'Variables';
  access: 'read' | 'write';
  act(store: GitHubStore): Promise<unknown>;
  /** What the call returns when its target does not exist (404): undefined means it throws. */
  onMissingTarget?: unknown;
}

const OPERATIONS: Operation[] = [
  {
    name: 'list variables',
    method: 'GET',
    route: '/variables',
    resource: 'Variables',
    access: 'read',
    act: async (store) => Object.fromEntries(await store.readVariables(['EXISTING', 'ABSENT'])),
  },
  {
    name: 'get variable',
    method: 'GET',
    route: '/variables/{name}',
    resource: 'Variables',
    access: 'read',
    act: (store) => store.getVariable('EXISTING'),
    onMissingTarget: { value: undefined }, // a 404 reads as "no such variable"
  },
  {
    name: 'create variable (POST)',
    method: 'POST',
    route: '/variables',
    resource: 'Variables',
    access: 'write',
    act: (store) => store.setVariable('CREATED', 'new value', false),
  },
  {
    name: 'update variable (PATCH)',
    method: 'PATCH',
    route: '/variables/{name}',
    resource: 'Variables',
    access: 'write',
    act: (store) => store.setVariable('EXISTING', 'new value', true),
  },
  {
    name: 'delete variable',
    method: 'DELETE',
    route: '/variables/{name}',
    resource: 'Variables',
    access: 'write',
    act: (store) => store.deleteVariable('EXISTING'),
    onMissingTarget: { value: false }, // nothing to delete
  },
  {
    name: 'public key',
    method: 'GET',
    route: '/secrets/public-key',
    resource: 'Secrets',
    access: 'read',
    act: async (store) => {
      // The key fetched under fault must seal correctly: store with it and let the fake open the box.
      const sealed = await store.sealSecret('sealed under fault');
      await store.putSecret('SEALED', sealed);
      return sealed.keyId.length > 0;
    },
  },
  {
    name: 'put secret',
    method: 'PUT',
    route: '/secrets/{secret_name}',
    resource: 'Secrets',
    access: 'write',
    act: async (store) => store.putSecret('WRITTEN', await store.sealSecret('secret value')),
  },
  {
    name: 'delete secret',
    method: 'DELETE',
    route: '/secrets/{secret_name}',
    resource: 'Secrets',
    access: 'write',
    act: (store) => store.deleteSecret('EXISTING_SECRET'),
    onMissingTarget: { value: false },
  },
];

interface Outcome {
  result?: unknown;
  error?: unknown;
  attempts: number;
  state: unknown;
  github: FakeGitHub;
  log: string[];
}

async function attempt(
  scope: Scope,
  op: Operation,
  options: {
    faults?: Fault[];
    token?: string;
    timeoutMs?: number;
    target?: GitHubTarget;
  } = {},
): Promise<Outcome> {
  const github = await startFake();
  github.setVariable(scope.target, 'EXISTING', 'old value');
  github.setSecret(scope.target, 'EXISTING_SECRET', 'old secret');
  const route = scope.prefix + op.route;
  for (const fault of options.faults ?? []) {
    github.injectFault({ ...fault, method: op.method, route });
  }
  const log: string[] = [];
  const store = new GitHubStore(
    client(github, { token: options.token, timeoutMs: options.timeoutMs, log }),
    options.target ?? scope.store,
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

const cleanRuns = new Map<string, Promise<Outcome>>();
function clean(scope: Scope, op: Operation): Promise<Outcome> {
  const key = `${scope.name}/${op.name}`;
  if (!cleanRuns.has(key)) cleanRuns.set(key, attempt(scope, op));
  return cleanRuns.get(key)!;
}

const secondary = (retryAfter = 1): Fault => ({
  kind: 'secondary-rate-limit',
  retryAfter,
});
const status = (code: number, extra: { headers?: Record<string, string>; body?: unknown } = {}) =>
  ({ kind: 'status', status: code, ...extra }) as Fault;

/** Faults a run must survive, with the number of attempts the call then takes. */
const TRANSIENT: { name: string; faults: Fault[]; attempts: number }[] = [
  { name: '500 once', faults: [status(500)], attempts: 2 },
  { name: '502 once', faults: [status(502)], attempts: 2 },
  { name: '503 three times (the last retry succeeds)', faults: [{ ...status(503), times: 3 }], attempts: 4 },
  {
    name: '429 with retry-after: 1',
    faults: [status(429, { headers: { 'retry-after': '1' } })],
    attempts: 2,
  },
  { name: 'secondary rate limit (403, retry-after: 1)', faults: [secondary(1)], attempts: 2 },
  {
    name: 'secondary rate limit as 429',
    faults: [
      status(429, {
        headers: { 'retry-after': '1' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
      }),
    ],
    attempts: 2,
  },
  { name: 'dropped connection', faults: [{ kind: 'drop' }], attempts: 2 },
  { name: 'dropped twice, then 502', faults: [{ kind: 'drop', times: 2 }, status(502)], attempts: 4 },
  { name: 'slow answer within the timeout', faults: [{ kind: 'slow', delayMs: 150 }], attempts: 1 },
];

describe.each(SCOPES)('$name scope', (scope) => {
  describe.each(OPERATIONS)('$name', (op) => {
    it('clean run: one attempt', async () => {
      const outcome = await clean(scope, op);
      expect(outcome.error).toBeUndefined();
      expect(outcome.attempts).toBe(1);
      expect(outcome.github.openApiViolations).toEqual([]);
    });

    it.each(TRANSIENT)('survives $name with the end state of a clean run', async ({ faults, attempts }) => {
      const [expected, outcome] = await Promise.all([clean(scope, op), attempt(scope, op, { faults })]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toEqual(expected.result);
      expect(outcome.state).toEqual(expected.state);
      expect(outcome.attempts).toBe(attempts);
      expect(outcome.github.openApiViolations).toEqual([]);
      if (attempts > 1) expect(outcome.log.join('\n')).toMatch(/retrying in .*\(retry 1 of 3\)/);
    });

    it('survives a slow answer beyond the per-attempt timeout (it is retried)', async () => {
      const expected = await clean(scope, op);
      const outcome = await attempt(scope, op, {
        faults: [{ kind: 'slow', delayMs: 300 }],
        timeoutMs: 100,
      });
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toEqual(expected.result);
      expect(outcome.log.join('\n')).toMatch(/gave no answer within 0.1 s \(timeout\)/);
      // The abandoned first attempt still reaches the fake later; the end state must not care.
      await until(() => outcome.github.callCount(op.method, scope.prefix + op.route) === 2);
      expect(endState(outcome.github)).toEqual(expected.state);
    });

    const failsAtOnce = (outcome: Outcome, message: RegExp) => {
      expect(outcome.error).toBeInstanceOf(GitHubCallError);
      expect((outcome.error as Error).message).toMatch(message);
      expect(outcome.attempts).toBe(1);
    };

    it('401: fails at once and says the token is invalid or expired', async () => {
      const outcome = await attempt(scope, op, { faults: [status(401)] });
      failsAtOnce(outcome, /401.*invalid, expired or revoked.*github-token/);
    });

    it('403 (a token without the permission): fails at once naming the permission', async () => {
      const token = op.access === 'read' ? NO_ACCESS : READ_ONLY;
      const outcome = await attempt(scope, op, { token });
      const level = op.access === 'read' ? 'read' : 'read and write';
      failsAtOnce(outcome, new RegExp(`403.*"${op.resource}: ${level}"`));
      const message = (outcome.error as Error).message;
      expect(message).toContain(`Could not ${op.name.startsWith('public') ? 'read' : ''}`);
      expect(message).toContain(`on ${REPOSITORY}`);
      expect(message).toContain('GITHUB_TOKEN cannot write Actions secrets');
      if (scope.name === 'environment') expect(message).toContain(`"Environments: ${level}"`);
      else expect(message).not.toContain('Environments');
      expect(message).toMatch(/GitHub accepts: /);
    });

    it('404 (the target does not exist): fails at once naming it, or reads as absent', async () => {
      const outcome = await attempt(scope, op, { target: scope.missing });
      const calls = outcome.github.calls.filter((call) => call.status === 404);
      expect(calls.length).toBeGreaterThan(0);
      // No call is repeated: every 404 is final (PATCH falls back to POST once, by design).
      const keys = outcome.github.calls.map((call) => `${call.method} ${call.route}`);
      expect(new Set(keys).size).toBe(keys.length);
      if (op.onMissingTarget !== undefined) {
        expect(outcome.error).toBeUndefined();
        expect(outcome.result).toEqual((op.onMissingTarget as { value: unknown }).value);
        return;
      }
      expect(outcome.error).toBeInstanceOf(GitHubCallError);
      const message = (outcome.error as Error).message;
      expect(message).toContain('not found (404)');
      if (scope.name === 'environment') {
        expect(message).toContain(
          'The environment "no-such-environment" does not exist in octo-org/payments',
        );
      } else {
        expect(message).toContain(
          'The repository octo-org/no-such-repo does not exist, or the token cannot see it',
        );
      }
    });

    it('422: fails at once quoting what GitHub rejected', async () => {
      const body = {
        message: 'Validation Failed',
        errors: [{ resource: 'Secret', code: 'custom', field: 'name', message: 'name is not allowed' }],
        documentation_url: 'https://docs.github.com/rest',
      };
      const outcome = await attempt(scope, op, { faults: [status(422, { body })] });
      failsAtOnce(outcome, /GitHub rejected the request \(422\): Validation Failed; name is not allowed\./);
    });

    it('400 and 409 are final too', async () => {
      for (const code of [400, 409]) {
        const outcome = await attempt(scope, op, { faults: [status(code)] });
        if (code === 409 && op.method === 'POST') {
          // POST 409 means "already exists": the store tries PATCH once instead (here it does not exist either).
          expect(outcome.error).toBeInstanceOf(GitHubCallError);
          expect(outcome.attempts).toBe(1);
          expect(outcome.github.callCount('PATCH', `${scope.prefix}/variables/{name}`)).toBe(1);
        } else {
          failsAtOnce(outcome, new RegExp(`GitHub rejected the request \\(${code}\\)`));
        }
      }
    });

    it('retry-after beyond 60 s fails at once and says when to run again', async () => {
      for (const fault of [
        secondary(61),
        status(429, { headers: { 'retry-after': '3600' } }),
        status(403, {
          headers: {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          },
          body: { message: 'API rate limit exceeded for user ID 1.' },
        }),
      ]) {
        const before = Date.now();
        const outcome = await attempt(scope, op, { faults: [fault] });
        failsAtOnce(
          outcome,
          /rate limit stopped the call \((403|429)\) and asks to wait \d+ s, longer than the 60 s/,
        );
        const when = /Run again after (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\./.exec(
          (outcome.error as Error).message,
        );
        expect(when).not.toBeNull();
        expect(Date.parse(when![1])).toBeGreaterThanOrEqual(before + 60_000);
      }
    });

    it('a primary rate limit that resets within a minute is waited for', async () => {
      const reset = String(Math.floor(Date.now() / 1000) + 1);
      const fault = status(403, {
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        body: { message: 'API rate limit exceeded for user ID 1.' },
      });
      const [expected, outcome] = await Promise.all([
        clean(scope, op),
        attempt(scope, op, { faults: [fault] }),
      ]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.state).toEqual(expected.state);
      expect(outcome.attempts).toBe(2);
    });

    it.each([
      ['502', [{ ...status(502), times: 10 }], /GitHub answered 502 \(4 attempts\)/],
      ['a dropped connection', [{ kind: 'drop', times: 10 }], /no answer from GitHub \(4 attempts\)/],
      [
        'a secondary rate limit',
        [{ ...secondary(1), times: 10 }],
        /rate limit still stopped the call \(403\) \(4 attempts\)\. Run again after \d{4}-/,
      ],
      [
        'a mix of rate limits, 5xx and drops',
        [
          secondary(1),
          status(502),
          status(429, { headers: { 'retry-after': '1' } }),
          { kind: 'drop' },
          status(503),
        ],
        /no answer from GitHub \(4 attempts\)/,
      ],
    ] as [string, Fault[], RegExp][])(
      'gives up after 3 retries of %s (4 attempts, never more)',
      async (_name, faults, message) => {
        const outcome = await attempt(scope, op, { faults });
        expect(outcome.error).toBeInstanceOf(GitHubCallError);
        expect((outcome.error as Error).message).toMatch(message);
        expect(outcome.attempts).toBe(MAX_ATTEMPTS);
        await sleep(50); // no late fifth attempt either
        expect(outcome.github.callCount(op.method, scope.prefix + op.route)).toBe(MAX_ATTEMPTS);
        expect(outcome.log).toHaveLength(MAX_RETRIES);
      },
    );
  });
});

function csrOf(result: RunResult): { pem: string; publicKeySha256: string } | undefined {
  return result.state === 'requested' || result.state === 'pending' ? result.csr : undefined;
}

describe('the client', () => {
  it('a wrong token is refused once (401) with advice, not retried', async () => {
    const github = await startFake();
    const store = new GitHubStore(
      client(github, { token: 'not-a-real-token' }),
      SCOPES[0].store,
      () => undefined,
    );
    await expect(store.readVariables(['X'])).rejects.toThrow(
      /Could not list variables in repository octo-org\/payments: GitHub refused the token \(401 "Bad credentials"\)/,
    );
    expect(github.calls).toHaveLength(1);
  });

  it('the error messages carry no token and no request body', async () => {
    const github = await startFake();
    github.injectFault({ method: 'PUT', kind: 'status', status: 422, times: 1 });
    const masked: string[] = [];
    const store = new GitHubStore(client(github), SCOPES[0].store, (value) => masked.push(value));
    const sealed = await store.sealSecret('top secret value');
    const error = await store.putSecret('X', sealed).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/GitHub rejected the request \(422\)/);
    expect(error?.message).not.toContain(FAKE_TOKEN);
    expect(error?.message).not.toContain(sealed.encryptedValue);
    expect(masked).toContain(sealed.encryptedValue); // the sealed box is masked before it is sent
  });

  it('clients do not share retry state: a fault on one never delays or retries another', async () => {
    const github = await startFake();
    github.injectFault({ route: '/repos/{owner}/{repo}/actions/variables', kind: 'slow', delayMs: 300 });
    const slow = new GitHubStore(client(github), SCOPES[0].store, () => undefined);
    const fast = new GitHubStore(client(github), SCOPES[0].store, () => undefined);
    const started = Date.now();
    const slowRead = slow.readVariables(['X']);
    await sleep(20);
    await fast.readVariables(['X']);
    expect(Date.now() - started).toBeLessThan(250);
    await slowRead;
  });
});

// ------------------------------------------------------------------------------------------- whole runs

const repo: Target = { repository: REPOSITORY };

let ca: TestCa;
let workDir: string;
let current: { keyPem: string; certPem: string };
let keyPoolPromise: Promise<KeyAndCsr[]> | undefined;
let keysUsed = 0;
function keyPool(): Promise<KeyAndCsr[]> {
  keyPoolPromise ??= (async () => {
    const openssl = new OpenSsl({ tempRoot: workDir });
    try {
      const subject = subjectAttributes('acme', 'sandbox');
      return await Promise.all([1, 2, 3].map(() => openssl.createKeyAndCsr('rsa-2048', subject)));
    } finally {
      await openssl.dispose();
    }
  })();
  return keyPoolPromise;
}
beforeAll(async () => {
  ca = await createTestCa();
  workDir = await mkdtemp(path.join(tmpdir(), 'faults-'));
  current = await issuedCredential(ca, { daysLeft: 10 }); // due for renewal
});
afterAll(async () => {
  await ca.dispose();
  await rm(workDir, { recursive: true, force: true });
});

interface Harness {
  github: FakeGitHub;
  published: CsrArtifact[];
  /** Makes the next publication fail. */
  failPublish: boolean;
  run(inputs: Record<string, string>, wrap?: (store: CredentialStore) => CredentialStore): Promise<RunResult>;
}

async function harness(): Promise<Harness> {
  const github = await startFake();
  github.setSecret(repo, KEY, Buffer.from(current.keyPem).toString('base64'));
  github.setVariable(repo, CERT, Buffer.from(current.certPem).toString('base64'));
  const published: CsrArtifact[] = [];
  const h: Harness = {
    github,
    published,
    failPublish: false,
    async run(inputs, wrap = (store) => store) {
      const read = readInputs({ ...baseInputs(github), ...inputs }, { inActions: true, workspace: workDir });
      const settings = read.settings;
      if (read.github === undefined) throw new Error('no GitHub settings');
      const environment = settings.scope.kind === 'environment' ? settings.scope.environment : undefined;
      const target = { owner: read.github.owner, repo: read.github.repo, environment };
      const openssl = new OpenSsl({ tempRoot: workDir });
      const deps: Deps = {
        store: wrap(new GitHubStore(client(github), target, () => undefined)),
        publisher: {
          publish: (artifact) => {
            if (h.failPublish) {
              h.failPublish = false;
              return Promise.reject(
                new Error('Received non-retryable error: Failed request: (403) Forbidden'),
              );
            }
            published.push(artifact);
            return Promise.resolve({ id: published.length, location: `artifact "${artifact.name}"` });
          },
        },
        openssl: {
          // Keys come from a small pool made once by the real OpenSSL (generation is covered end to end);
          // consecutive runs always get different keys, which is all these tests need.
          createKeyAndCsr: async () => {
            const pool = await keyPool();
            return pool[keysUsed++ % pool.length];
          },
          csrPublicKey: (csrPem) => openssl.csrPublicKey(csrPem),
        },
        log: {
          info: () => undefined,
          warning: () => undefined,
          debug: () => undefined,
          group: (_name, fn) => fn(),
        },
        mask: () => undefined,
        now: () => new Date(),
        csrDir: path.join(workDir, 'csr'),
        verifyTls: () => Promise.resolve({ status: 200 }),
      };
      try {
        return await rotate(settings, deps);
      } finally {
        await openssl.dispose();
      }
    },
  };
  return h;
}

function baseInputs(github: FakeGitHub): Record<string, string> {
  return {
    'client-id': 'acme',
    'github-token': FAKE_TOKEN,
    repository: REPOSITORY,
    'github-api-url': github.url,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the run to fail');
    },
    (error: unknown) => error as Error,
  );
}

const PERMANENT: { name: string; fault: Fault; message: RegExp }[] = [
  {
    name: '422',
    fault: status(422, { body: { message: 'Invalid request.' } }),
    message: /rejected the request \(422\)/,
  },
  { name: '502 four times', fault: { ...status(502), times: 4 }, message: /answered 502 \(4 attempts\)/ },
  {
    name: '403 (permission)',
    fault: status(403, {
      body: { message: 'Resource not accessible by personal access token' },
      headers: { 'x-accepted-github-permissions': 'secrets=write' },
    }),
    message: /not allowed to \(403/,
  },
];

describe('request with a fault at each call', () => {
  const calls: { name: string; method: string; route: string; nth?: number }[] = [
    { name: 'list variables', method: 'GET', route: VARIABLES },
    { name: 'public key', method: 'GET', route: PUBLIC_KEY },
    { name: 'store the pending key', method: 'PUT', route: SECRET },
    { name: 'store the CSR', method: 'POST', route: VARIABLES },
    { name: 'store the pending key again', method: 'PUT', route: SECRET, nth: 2 },
    { name: 'read the CSR back', method: 'GET', route: VARIABLE },
  ];

  async function withFaultAt(
    h: Harness,
    call: (typeof calls)[number],
    fault: Fault,
  ): Promise<Error | RunResult> {
    // A fault on the nth call of a route: let the first ones through with a wrapper that injects just in time.
    let seen = 0;
    return h
      .run({}, (store) =>
        call.nth === undefined
          ? (h.github.injectFault({ ...fault, method: call.method, route: call.route }), store)
          : wrapStore(store, {
              putSecret: async (name, sealed) => {
                if (++seen === call.nth)
                  h.github.injectFault({ ...fault, method: call.method, route: call.route });
                return store.putSecret(name, sealed);
              },
            }),
      )
      .catch((error: unknown) => error as Error);
  }

  it.each(calls)('transient 502 at "$name": survived, same outcome as a clean run', async (call) => {
    const h = await harness();
    const result = await withFaultAt(h, call, status(502));
    expect(result).not.toBeInstanceOf(Error);
    expect((result as RunResult).state).toBe('requested');
    expect(h.published).toHaveLength(1);
    await expectRequested(h, result as RunResult);
  });

  describe.each(PERMANENT)('permanent fault $name', ({ fault, message }) => {
    it.each(calls)(
      'at "$name": the current key and certificate never change; the message says what is stored',
      async (call) => {
        const h = await harness();
        const before = h.github.snapshot();
        const error = await withFaultAt(h, call, fault);
        expect(error).toBeInstanceOf(Error);
        const text = (error as Error).message;
        expect(text).toMatch(message);
        // The live credential is untouched whatever happened.
        expect(h.github.secret(repo, KEY)).toBe(Buffer.from(current.keyPem).toString('base64'));
        expect(h.github.variable(repo, CERT)).toBe(Buffer.from(current.certPem).toString('base64'));
        expect(h.published).toEqual([]); // never a CSR without certainty that its key is stored
        if (call.name === 'store the CSR') {
          expect(error).toBeInstanceOf(PartialWriteError);
          expect(text).toContain(
            `The pending key secret ${PENDING} was removed again; nothing of this run is stored.`,
          );
          expect(h.github.snapshot()).toBe(before); // the pending key was removed again
        } else if (call.nth !== undefined || call.name === 'read the CSR back') {
          expect(error).toBeInstanceOf(PartialWriteError);
          expect(text).toContain(`Secret ${PENDING} and variable ${CSR} are stored`);
          expect(text).toContain('nothing was published');
          expect((error as PartialWriteError).written).toEqual([`secret ${PENDING}`, `variable ${CSR}`]);
          // Running request again publishes the stored request.
          const again = await h.run({});
          expect(again.state).toBe('pending');
          expect(csrOf(again)?.pem).toBe(h.github.variable(repo, CSR));
          expect(h.published).toHaveLength(1);
        } else {
          expect(h.github.snapshot()).toBe(before); // nothing written
          if (call.method === 'PUT') expect(text).toContain('Nothing was written');
        }
      },
    );
  });

  it('the CSR cannot be stored and the pending key cannot be removed: the message says to delete it by hand', async () => {
    const h = await harness();
    h.github.injectFault({ method: 'POST', route: VARIABLES, kind: 'status', status: 422 });
    h.github.injectFault({ method: 'DELETE', route: SECRET, kind: 'status', status: 502, times: 4 });
    const error = await failure(h.run({}));
    expect(error).toBeInstanceOf(PartialWriteError);
    expect(error.message).toContain(
      `The pending key secret ${PENDING} IS stored but its CSR is not, and removing it failed: delete it by hand`,
    );
    expect((error as PartialWriteError).written).toEqual([`secret ${PENDING}`]);
    expect(h.github.secretNames(repo)).toContain(PENDING);
    expect(h.github.variable(repo, CSR)).toBeUndefined();
    expect(h.published).toEqual([]);
  });

  it('publishing fails after the key and CSR were stored: the message says so; running again publishes it', async () => {
    const h = await harness();
    h.failPublish = true;
    const error = await failure(h.run({}));
    expect(error).toBeInstanceOf(PartialWriteError);
    expect(error.message).toMatch(
      new RegExp(
        `Could not publish the CSR artifact .*secret ${PENDING} and variable ${CSR} are stored and consistent`,
      ),
    );
    const again = await h.run({});
    expect(again.state).toBe('pending');
    expect(h.published).toHaveLength(1);
    expect(pendingMatches(h, again)).toBe(true);
  });
});

/** The stored pending key is the key of the CSR the result describes, and the CSR variable holds that CSR. */
function pendingMatches(h: Harness, result: RunResult): boolean {
  const key = h.github.secret(repo, PENDING);
  if (key === undefined) return false;
  return (
    spkiSha256(Buffer.from(key, 'base64').toString()) === csrOf(result)?.publicKeySha256 &&
    h.github.variable(repo, CSR) === csrOf(result)?.pem
  );
}

async function expectRequested(h: Harness, result: RunResult): Promise<void> {
  expect(pendingMatches(h, result)).toBe(true);
  expect(h.github.secret(repo, KEY)).toBe(Buffer.from(current.keyPem).toString('base64'));
  expect(h.github.variable(repo, CERT)).toBe(Buffer.from(current.certPem).toString('base64'));
  expect(h.github.openApiViolations).toEqual([]);
  return Promise.resolve();
}

/** A store whose methods can be replaced one by one. */
function wrapStore(store: CredentialStore, overrides: Partial<CredentialStore>): CredentialStore {
  return {
    location: store.location,
    readVariables: (names) => store.readVariables(names),
    getVariable: (name) => store.getVariable(name),
    setVariable: (name, value, exists) => store.setVariable(name, value, exists),
    deleteVariable: (name) => store.deleteVariable(name),
    sealSecret: (value) => store.sealSecret(value),
    putSecret: (name, sealed: SealedSecret) => store.putSecret(name, sealed),
    deleteSecret: (name) => store.deleteSecret(name),
    ...overrides,
  };
}

describe('promote with a fault at each call', () => {
  /** A pending request whose CSR the CA signed: what promote needs. */
  async function pendingRequest(h: Harness) {
    const requested = await h.run({});
    const pendingSecret = h.github.secret(repo, PENDING)!;
    const certificate = await ca.signCsr(csrOf(requested)?.pem!, { days: 365 });
    const inputs = {
      mode: 'promote',
      certificate,
      'pending-private-key': pendingSecret,
      'current-private-key': Buffer.from(current.keyPem).toString('base64'),
    };
    return { inputs, pendingSecret, certificate };
  }

  const steps: { name: string; method: string; route: string; nth?: number; write?: string }[] = [
    { name: 'list variables', method: 'GET', route: VARIABLES },
    { name: 'public key', method: 'GET', route: PUBLIC_KEY },
    { name: 'store the previous key', method: 'PUT', route: SECRET, nth: 1, write: `secret ${PREVIOUS}` },
    {
      name: 'store the previous certificate',
      method: 'POST',
      route: VARIABLES,
      write: `variable ${CERT_PREVIOUS}`,
    },
    { name: 'store the new key', method: 'PUT', route: SECRET, nth: 2, write: `secret ${KEY}` },
    { name: 'store the new certificate', method: 'PATCH', route: VARIABLE, write: `variable ${CERT}` },
    { name: 'delete the pending key', method: 'DELETE', route: SECRET, write: `delete secret ${PENDING}` },
    { name: 'delete the CSR variable', method: 'DELETE', route: VARIABLE, write: `delete variable ${CSR}` },
  ];
  const ORDER = steps.filter((s) => s.write !== undefined).map((s) => s.write!);

  function injectAt(h: Harness, step: (typeof steps)[number], fault: Fault) {
    let puts = 0;
    return (store: CredentialStore) =>
      step.nth === undefined
        ? (h.github.injectFault({ ...fault, method: step.method, route: step.route }), store)
        : wrapStore(store, {
            putSecret: (name, sealed) => {
              if (++puts === step.nth)
                h.github.injectFault({ ...fault, method: step.method, route: step.route });
              return store.putSecret(name, sealed);
            },
          });
  }

  function expectPromoted(h: Harness, pendingSecret: string, certificate: string) {
    expect(h.github.secret(repo, KEY)).toBe(pendingSecret);
    expect(h.github.variable(repo, CERT)).toBe(Buffer.from(certificate).toString('base64'));
    expect(h.github.secret(repo, PREVIOUS)).toBe(Buffer.from(current.keyPem).toString('base64'));
    expect(h.github.variable(repo, CERT_PREVIOUS)).toBe(Buffer.from(current.certPem).toString('base64'));
    expect(h.github.secretNames(repo)).not.toContain(PENDING);
    expect(h.github.variable(repo, CSR)).toBeUndefined();
    expect(h.github.openApiViolations).toEqual([]);
  }

  it.each(steps)('transient 502 at "$name": promoted as in a clean run', async (step) => {
    const h = await harness();
    const { inputs, pendingSecret, certificate } = await pendingRequest(h);
    const result = await h.run(inputs, injectAt(h, step, status(502)));
    expect(result.state).toBe('promoted');
    expect(result.writes).toEqual(ORDER);
    expectPromoted(h, pendingSecret, certificate);
  });

  describe.each(PERMANENT)('permanent fault $name', ({ fault, message }) => {
    it.each(steps)(
      'at "$name": the message lists what was and was not written; running again finishes',
      async (step) => {
        const h = await harness();
        const { inputs, pendingSecret, certificate } = await pendingRequest(h);
        const before = h.github.snapshot();
        const error = await failure(h.run(inputs, injectAt(h, step, fault)));
        expect(error.message).toMatch(message);

        const newKeyStored = h.github.secret(repo, KEY) === pendingSecret;
        const newCertStored = h.github.variable(repo, CERT) === Buffer.from(certificate).toString('base64');
        expect(newCertStored && !newKeyStored).toBe(false); // a certificate never goes live before its key
        if (step.write === undefined) {
          expect(h.github.snapshot()).toBe(before); // a failed read or seal: nothing written
        } else {
          expect(error).toBeInstanceOf(PartialWriteError);
          const index = ORDER.indexOf(step.write);
          const partial = error as PartialWriteError;
          expect(partial.written).toEqual(ORDER.slice(0, index));
          expect(partial.notWritten).toEqual(ORDER.slice(index));
          expect(error.message).toContain(
            index === 0 ? 'Nothing was written.' : `Done: ${ORDER.slice(0, index).join(', ')}.`,
          );
          expect(error.message).toContain(`Not done: ${ORDER.slice(index).join(', ')}.`);
          // A new key without its certificate only with a warning that says so.
          if (newKeyStored && !newCertStored)
            expect(error.message).toContain(`WARNING: secret ${KEY} already holds the NEW key`);
          else expect(error.message).not.toContain('WARNING');
        }

        if (!h.github.secretNames(repo).includes(PENDING)) {
          // Only the CSR variable is left: the message says the credential is installed and what to clean up.
          expect(step.write).toBe(`delete variable ${CSR}`);
          expect(error.message).toContain(
            `The new credential is installed; only clean-up is left: delete variable ${CSR}.`,
          );
          const person = new GitHubStore(client(h.github), SCOPES[0].store, () => undefined);
          await person.deleteVariable(CSR);
        } else {
          if (step.write !== undefined)
            expect(error.message).toContain('Run promote again with the same inputs');
          // Run again as a workflow re-run would: the key inputs are the secrets as stored now.
          const again = await h.run({
            ...inputs,
            'pending-private-key': h.github.secret(repo, PENDING)!,
            'current-private-key': h.github.secret(repo, KEY)!,
          });
          expect(again.state).toBe('promoted');
        }
        expectPromoted(h, pendingSecret, certificate);
      },
    );
  });
});

// ------------------------------------------------------------------------------------------ concurrency

describe('two request runs at once (force: true) for one target', () => {
  /**
   * Runs A and B with their store calls released in a given order: each entry names the run and the store
   * method whose call may start next. Every call of a run waits for its turn; calls not listed run freely.
   */
  async function interleave(
    h: Harness,
    order: [run: 'A' | 'B', call: 'putSecret' | 'setVariable' | 'getVariable'][],
  ): Promise<{ A: RunResult | Error; B: RunResult | Error }> {
    let turn = 0;
    const finished = new Set<string>();
    const waiters: (() => void)[] = [];
    const wake = () => waiters.splice(0).forEach((resolve) => resolve());
    // Entries a run can no longer reach are skipped: the run has finished, or it is already at a later call
    // (its calls are sequential), e.g. when the protocol makes fewer calls than the order lists.
    const skipStale = (runName: string, call: string) => {
      while (turn < order.length) {
        const [r, c] = order[turn];
        if (finished.has(r) || (r === runName && c !== call)) turn++;
        else break;
      }
    };
    const gate = async (runName: 'A' | 'B', call: string) => {
      if (!order.some(([r, c]) => r === runName && c === call)) return;
      const deadline = Date.now() + 20_000;
      for (;;) {
        skipStale(runName, call);
        if (turn >= order.length || (order[turn][0] === runName && order[turn][1] === call)) return;
        if (Date.now() > deadline) throw new Error(`interleaving stuck at ${order[turn].join(' ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    };
    const done = () => {
      turn++;
      wake();
    };
    const gated = (runName: 'A' | 'B') => (store: CredentialStore) =>
      wrapStore(store, {
        putSecret: async (name, sealed) => {
          await gate(runName, 'putSecret');
          try {
            return await store.putSecret(name, sealed);
          } finally {
            done();
          }
        },
        setVariable: async (name, value, exists) => {
          await gate(runName, 'setVariable');
          try {
            return await store.setVariable(name, value, exists);
          } finally {
            done();
          }
        },
        getVariable: async (name) => {
          await gate(runName, 'getVariable');
          try {
            return await store.getVariable(name);
          } finally {
            done();
          }
        },
      });
    const runOne = (runName: 'A' | 'B') =>
      h
        .run({ force: 'true' }, gated(runName))
        .catch((e: unknown) => e as Error)
        .finally(() => {
          finished.add(runName);
          wake();
        });
    const [A, B] = await Promise.all([runOne('A'), runOne('B')]);
    return { A, B };
  }

  const CONCURRENT = /Another run replaced variable MANGOPAY_MTLS_CSR while this run was storing its request/;

  function expectSafe(h: Harness, outcome: { A: RunResult | Error; B: RunResult | Error }) {
    const green = [outcome.A, outcome.B].filter((r): r is RunResult => !(r instanceof Error));
    const failed = [outcome.A, outcome.B].filter((r): r is Error => r instanceof Error);
    for (const error of failed) {
      expect(error).toBeInstanceOf(RefusedError);
      expect(error.message).toMatch(CONCURRENT);
    }
    const key = h.github.secret(repo, PENDING)!;
    const keyHash = spkiSha256(Buffer.from(key, 'base64').toString());
    const csr = h.github.variable(repo, CSR)!;
    const owner = green.find((r) => csrOf(r)?.pem === csr);
    if (green.length === 2) {
      // Both green: it must be as if one ran after the other, so the stored pair belongs to one of them.
      expect(owner).toBeDefined();
      expect(keyHash).toBe(csrOf(owner!)?.publicKeySha256);
    }
    // The live credential is never touched by a request.
    expect(h.github.secret(repo, KEY)).toBe(Buffer.from(current.keyPem).toString('base64'));
    return { green, failed, keyHash, csr, owner };
  }

  it('B runs entirely between A storing its key and A storing its CSR: never both green with a mixed pair', async () => {
    const h = await harness();
    const outcome = await interleave(h, [
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['B', 'setVariable'],
      ['B', 'putSecret'],
      ['B', 'getVariable'],
      ['A', 'setVariable'],
      ['A', 'putSecret'],
      ['A', 'getVariable'],
    ]);
    const { green, owner, keyHash } = expectSafe(h, outcome);
    expect(green).toHaveLength(2);
    expect(owner).toBe(outcome.A); // A stored last: the pair is A's, as if B had run first
    expect(keyHash).toBe(csrOf(outcome.A as RunResult)?.publicKeySha256);
  });

  it('B stores its CSR between A storing its CSR and reading it back: A fails loudly, B wins', async () => {
    const h = await harness();
    const outcome = await interleave(h, [
      ['A', 'putSecret'],
      ['A', 'setVariable'],
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['B', 'setVariable'],
      ['A', 'getVariable'],
      ['B', 'putSecret'],
      ['B', 'getVariable'],
    ]);
    const { failed, owner, keyHash } = expectSafe(h, outcome);
    expect(failed).toEqual([outcome.A]);
    expect(owner).toBe(outcome.B);
    expect(keyHash).toBe(csrOf(outcome.B as RunResult)?.publicKeySha256);
    expect(h.published.map((p) => p.filePath)).toHaveLength(1); // only B published
  });

  it('interleaved to the end: at least one fails loudly, and nothing mixed is ever reported as success', async () => {
    const h = await harness();
    const outcome = await interleave(h, [
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['A', 'setVariable'],
      ['B', 'setVariable'],
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['A', 'getVariable'],
      ['B', 'getVariable'],
    ]);
    const { failed } = expectSafe(h, outcome);
    expect(failed).toEqual([outcome.A]);
    expect(pendingMatches(h, outcome.B as RunResult)).toBe(true);
  });

  it('many random interleavings: both green only ever with a matching pair', async () => {
    const calls: ('putSecret' | 'setVariable' | 'getVariable')[] = [
      'putSecret',
      'setVariable',
      'putSecret',
      'getVariable',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 8; round++) {
      const a = [...calls];
      const b = [...calls];
      const order: ['A' | 'B', (typeof calls)[number]][] = [];
      while (a.length + b.length > 0) {
        const pickA = b.length === 0 || (a.length > 0 && random() < 0.5);
        order.push(pickA ? ['A', a.shift()!] : ['B', b.shift()!]);
      }
      const h = await harness();
      const outcome = await interleave(h, order);
      const { green, failed } = expectSafe(h, outcome);
      expect(green.length + failed.length).toBe(2);
      if (green.length === 1) expect(failed).toHaveLength(1);
    }
  });
});
