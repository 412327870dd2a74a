// Set-up shared by the whole-run fault tests: request and promote runs (the real run() with GitHubStore and the
// configured client) against the fake, with a current credential due for renewal and keys from a small pool.
import { afterAll, beforeAll, expect } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from '../../../src/ports/deps.js';
import { PartialWriteError } from '../../../src/domain/errors.js';
import { RepositoryPlace } from '../../../src/adapters/github/repository.js';
import { GitHubStore } from '../../../src/adapters/github/store.js';
import { CsrFolder } from '../../../src/adapters/local/csr-files.js';
import { OpenSsl } from '../../../src/adapters/openssl/openssl.js';
import type { KeyAndCsr } from '../../../src/ports/key-maker.js';
import type { CsrArtifact } from '../../../src/ports/publisher.js';
import { rotate } from '../../../src/protocol/rotate.js';
import type { CsrFacts, RunResult } from '../../../src/protocol/result.js';
import { readInputs, type RawInputs } from '../../support/read-inputs.js';
import type { CredentialStore } from '../../../src/ports/store.js';
import { subjectAttributes } from '../../../src/domain/subject.js';
import { FAKE_TOKEN, type Fault, type FakeGitHub, type Target } from '../../support/fake-github.js';
import { CERT, CSR, issuedCredential, KEY, PENDING, spkiSha256 } from '../../support/fixtures.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';
import { client, REPOSITORY, startFake, status } from './calls.js';

export const repo: Target = { repository: REPOSITORY };

interface Setting {
  ca: TestCa;
  workDir: string;
  /** The installed credential (10 days left: due for renewal). */
  current: { keyPem: string; certPem: string };
  keys: Promise<KeyAndCsr[]>;
}
let setting: Setting | undefined;
let keysUsed = 0;

beforeAll(async () => {
  const ca = await createTestCa();
  const workDir = await mkdtemp(path.join(tmpdir(), 'faults-'));
  const current = await issuedCredential(ca, { daysLeft: 10 });
  setting = { ca, workDir, current, keys: keyPool(workDir) };
});
afterAll(async () => {
  await setting?.ca.dispose();
  if (setting) await rm(setting.workDir, { recursive: true, force: true });
});

function the(): Setting {
  if (setting === undefined) throw new Error('runs.ts: used outside a test');
  return setting;
}
export const ca = () => the().ca;
export const current = () => the().current;
export const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Keys made once by the real OpenSSL (generation is covered end to end); consecutive runs get different ones. */
async function keyPool(workDir: string): Promise<KeyAndCsr[]> {
  const openssl = new OpenSsl({ tempRoot: workDir });
  try {
    const subject = subjectAttributes('acme', 'sandbox');
    return await Promise.all([1, 2, 3].map(() => openssl.createKeyAndCsr('rsa-2048', subject)));
  } finally {
    await openssl.dispose();
  }
}

export interface Harness {
  github: FakeGitHub;
  published: CsrArtifact[];
  /** Makes the next publication fail. */
  failPublish: boolean;
  run(inputs: Record<string, string>, wrap?: (store: CredentialStore) => CredentialStore): Promise<RunResult>;
}

export async function harness(): Promise<Harness> {
  const { workDir, keys } = the();
  const github = await startFake();
  github.setSecret(repo, KEY, base64(current().keyPem));
  github.setVariable(repo, CERT, base64(current().certPem));
  const published: CsrArtifact[] = [];
  const ids: number[] = []; // the publication id of each entry of `published`
  let uploads = 0;
  const inputsOf = (inputs: Record<string, string>): RawInputs => ({
    'client-id': 'acme',
    'github-token': FAKE_TOKEN,
    repository: REPOSITORY,
    'github-api-url': github.url,
    ...inputs,
  });
  const h: Harness = {
    github,
    published,
    failPublish: false,
    async run(inputs, wrap = (store) => store) {
      const { settings, github: gitHub } = readInputs(inputsOf(inputs), {
        inActions: true,
        workspace: workDir,
      });
      if (gitHub === undefined) throw new Error('the settings name no GitHub target');
      const environment = settings.scope.kind === 'environment' ? settings.scope.environment : undefined;
      const target = { owner: gitHub.owner, repo: gitHub.repo, environment };
      const openssl = new OpenSsl({ tempRoot: workDir });
      const deps: Deps = {
        store: wrap(new GitHubStore(client(github), new RepositoryPlace(target), () => undefined)),
        publisher: {
          publish: (artifact) => {
            if (h.failPublish) {
              h.failPublish = false;
              return Promise.reject(
                new Error('Received non-retryable error: Failed request: (403) Forbidden'),
              );
            }
            published.push(artifact);
            ids.push(uploads + 1);
            return Promise.resolve({ id: ++uploads, location: `artifact "${artifact.name}"` });
          },
          // Each run stands for its own workflow run: its publication is the one it names by id.
          retract: (_artifact, publication) => {
            const index = published.findIndex((_, i) => ids[i] === publication.id);
            if (index < 0) return Promise.reject(new Error(`no artifact ${String(publication.id)}`));
            published.splice(index, 1);
            ids.splice(index, 1);
            return Promise.resolve();
          },
        },
        openssl: {
          createKeyAndCsr: async () => (await keys)[keysUsed++ % 3],
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
        csrFiles: new CsrFolder(path.join(workDir, 'csr')),
        verifyTls: () => Promise.resolve({ status: 200 }),
        issues: undefined,
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

/** The error a run ends with (fails the test when it succeeded). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the run to fail');
    },
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

/** The error as a PartialWriteError (fails the test when it is another error). */
export function partialWrite(error: Error): PartialWriteError {
  if (!(error instanceof PartialWriteError))
    throw new Error(`expected a PartialWriteError: ${error.message}`);
  return error;
}

/** Faults no retry gets past, with what the run's message must say. */
export const PERMANENT: { name: string; fault: Fault; message: RegExp }[] = [
  {
    name: '422',
    fault: status(422, { body: { message: 'Invalid request.' } }),
    message: /rejected the request \(422\)/,
  },
  // plugin-retry's 1 + MAX_RETRIES attempts all answered 502.
  { name: '502 four times', fault: { ...status(502), times: 4 }, message: /answered 502 after 3 retries/ },
  {
    name: '403 (permission)',
    fault: status(403, {
      body: { message: 'Resource not accessible by personal access token' },
      headers: { 'x-accepted-github-permissions': 'secrets=write' },
    }),
    message: /not allowed to \(403/,
  },
];

/** The stored pending key is the key of the CSR the result describes, and the CSR variable holds that CSR. */
export function expectPendingMatches(h: Harness, result: RunResult): void {
  const key = h.github.secret(repo, PENDING);
  expect(key).toBeDefined();
  expect(spkiSha256(Buffer.from(key ?? '', 'base64').toString())).toBe(csrOf(result).publicKeySha256);
  expect(h.github.variable(repo, CSR)).toBe(csrOf(result).pem);
}

/** The live key and certificate are still the installed ones. */
export function expectLiveUntouched(h: Harness): void {
  expect(h.github.secret(repo, KEY)).toBe(base64(current().keyPem));
  expect(h.github.variable(repo, CERT)).toBe(base64(current().certPem));
}

/** A store whose methods can be replaced one by one. */
export function wrapStore(store: CredentialStore, overrides: Partial<CredentialStore>): CredentialStore {
  return {
    location: store.location,
    readVariables: (names) => store.readVariables(names),
    getVariable: (name) => store.getVariable(name),
    setVariable: (name, value, exists) => store.setVariable(name, value, exists),
    deleteVariable: (name) => store.deleteVariable(name),
    sealSecret: (value) => store.sealSecret(value),
    putSecret: (name, sealed) => store.putSecret(name, sealed),
    deleteSecret: (name) => store.deleteSecret(name),
    readSecret: (name) => store.readSecret(name),
    ...overrides,
  };
}

/**
 * Injects `fault` for the nth call of `step`'s route (the first when nth is undefined): a wrapper lets the
 * earlier puts through and queues the fault just in time.
 */
export function faultAt(
  h: Harness,
  step: { method: string; route: string; nth?: number },
  fault: Fault,
): (store: CredentialStore) => CredentialStore {
  const inject = () => h.github.injectFault({ ...fault, method: step.method, route: step.route });
  return (store) => {
    if (step.nth === undefined) {
      inject();
      return store;
    }
    let puts = 0;
    return wrapStore(store, {
      putSecret: (name, sealed) => {
        if (++puts === step.nth) inject();
        return store.putSecret(name, sealed);
      },
    });
  };
}

/** The CSR a request result describes; throws for any other state. */
export function csrOf(result: RunResult): CsrFacts {
  if (result.state !== 'requested' && result.state !== 'pending')
    throw new Error(`no CSR in state ${result.state}`);
  return result.csr;
}
