// A few representative faults through the bundle under Node 24 (every fault, every call is covered in process by
// __tests__/integration/faults.test.ts). Production waits 1 s per retry unit here, so transient cases are few.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import {
  asPem,
  REPOSITORY_TARGET as repo,
  runRotation,
  startTestBed,
  type RotationOptions,
  type TestBed,
} from '../support/e2e.js';
import { FAKE_TOKEN } from '../support/fake-github.js';
import { spkiSha256, PENDING, CSR, VARIABLES, SECRET } from '../support/fixtures.js';

const READ_ONLY = 'read-only-token-0002';

let bed: TestBed | undefined;
const runs: ActionRun[] = [];
afterEach(async () => {
  await bed?.close();
  bed = undefined;
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

async function rotate(
  testBed: TestBed,
  inputs: Record<string, string>,
  options: RotationOptions = {},
): Promise<ActionRun> {
  const run = await runRotation(testBed, inputs, options);
  runs.push(run);
  return run;
}

/** The stored pending key is the key of the stored CSR, and both are what the run reported. */
function expectConsistentRequest(testBed: TestBed, run: ActionRun): void {
  expect(storedKeyHash(testBed)).toBe(run.outputs['public-key-sha256']);
  expect(testBed.github.variable(repo, CSR)).toBe(run.outputs.csr);
}

function storedKeyHash(testBed: TestBed): string {
  const key = asPem(testBed.github.secret(repo, PENDING) ?? '');
  if (key === undefined) throw new Error(`no pending key is stored in ${PENDING}`);
  return spkiSha256(key);
}

function expectOneError(run: ActionRun, ...parts: (string | RegExp)[]): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  for (const part of parts) expect(run.errors[0]).toMatch(part);
}

describe('transient GitHub faults are survived', () => {
  it('a 502 on storing the pending key: retried once, the request completes', async () => {
    bed = await startTestBed();
    bed.github.injectFault({ method: 'PUT', route: SECRET, kind: 'status', status: 502 });
    const run = await rotate(bed, {});
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('requested');
    expect(run.log).toMatch(
      /GitHub answered 502 on PUT .*secrets\/\{secret_name\}; retrying in 1 s \(retry 1 of 3\)/,
    );
    // The failed attempt, the retry, and the second store after the CSR.
    expect(bed.github.callCount('PUT', SECRET)).toBe(3);
    expectConsistentRequest(bed, run);
    expect(bed.artifacts).toHaveLength(1);
  });

  it('a secondary rate limit (retry-after: 1) on storing the CSR: waited for, the request completes', async () => {
    bed = await startTestBed();
    bed.github.injectFault({ method: 'POST', route: VARIABLES, kind: 'secondary-rate-limit', retryAfter: 1 });
    const run = await rotate(bed, {});
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('requested');
    expect(run.log).toMatch(/GitHub secondary rate limit on POST .*; retrying in 1 s \(retry 1 of 3\)/);
    // The limited attempt, then the retry (the wait itself is the throttling plugin's, given retry-after).
    const stores = bed.github.calls.filter((call) => call.method === 'POST' && call.route === VARIABLES);
    expect(stores.map((call) => call.status)).toEqual([403, 201]);
    expectConsistentRequest(bed, run);
  });
});

describe('permanent GitHub faults fail with one clear line and write nothing', () => {
  it('403: a token that may only read secrets cannot store the pending key', async () => {
    bed = await startTestBed({
      tokens: { [READ_ONLY]: { secrets: 'read', variables: 'read' }, [FAKE_TOKEN]: {} },
    });
    const before = bed.github.snapshot();
    const run = await rotate(bed, { 'github-token': READ_ONLY });
    expectOneError(
      run,
      `Could not write secret ${PENDING} in repository octo-org/payments`,
      /not allowed to \(403/,
      /"Secrets: read and write"/,
      /GITHUB_TOKEN cannot write Actions secrets/,
      /Nothing was written\./,
    );
    expect(bed.github.snapshot()).toBe(before);
    expect(bed.github.callCount('PUT', SECRET)).toBe(1); // not retried
    expect(bed.artifacts).toEqual([]);
    // The token is masked before anything else and never printed.
    expect(run.masks[0]).toBe(READ_ONLY);
    expect(
      run.log.split('\n').filter((line) => line.includes(READ_ONLY) && !line.startsWith('::add-mask::')),
    ).toEqual([]);
  });

  it('404: an unknown repository is named, and nothing is made', async () => {
    bed = await startTestBed();
    const before = bed.github.snapshot();
    const run = await rotate(bed, { repository: 'octo-org/no-such-repo' });
    expectOneError(
      run,
      'Could not list variables in repository octo-org/no-such-repo: not found (404)',
      /The repository octo-org\/no-such-repo does not exist, or the token cannot see it/,
    );
    expect(bed.github.snapshot()).toBe(before);
    expect(bed.github.calls.map((call) => `${call.method} ${call.status}`)).toEqual(['GET 404']);
  });
});

describe('the artifact service fails after the key and CSR were stored', () => {
  it('exit 1 saying what is stored; running again publishes the stored request (state pending)', async () => {
    bed = await startTestBed();
    const failed = await rotate(
      bed,
      {},
      {
        artifactService: (service) =>
          service.injectFault({ route: 'CreateArtifact', kind: 'status', status: 403 }), // permission_denied: not retried
      },
    );
    expectOneError(
      failed,
      /Could not publish the CSR artifact "mangopay-mtls-csr-sandbox"/,
      new RegExp(`secret ${PENDING} and variable ${CSR} are stored and consistent`),
      /run request again to publish it/,
    );
    expect(bed.artifacts).toEqual([]);
    const csr = bed.github.variable(repo, CSR)!;
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    const stored = bed.github.snapshot();

    const again = await rotate(bed, {});
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ state: 'pending', rotated: 'false', csr });
    expect(bed.github.snapshot()).toBe(stored); // nothing new made
    expect(bed.artifacts).toHaveLength(1);
    expect(bed.artifacts[0].files['acme-sandbox.csr'].toString()).toBe(csr);
    expectConsistentRequest(bed, again);
  });
});
