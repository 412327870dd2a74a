// secret-scope: organization as the runner runs it, against the GitHub fake's organization routes: where the
// credential goes, who may use it (visibility, selected repository ids), and the refusals that write nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import { asPem, runRotation, startTestBed, type RotationOptions, type TestBed } from '../support/e2e.js';
import { FAKE_TOKEN, type OrganizationTarget } from '../support/fake-github.js';
import { CERT, CSR, KEY, PENDING } from '../support/fixtures.js';
import { parseCredentialMarker } from '../../src/issue/marker.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

const org: OrganizationTarget = { organization: 'octo-org' };
const REPOSITORY = { repository: 'octo-org/payments' };
const ORG_INPUTS = { 'secret-scope': 'organization', 'issue-token': FAKE_TOKEN };
// A token with everything but the organization's Secrets write permission.
const NO_ORG_SECRETS_WRITE = 'fake-token-org-secrets-read';
// A token that cannot see the repository's own secrets (only the organization's).
const NO_REPO_SECRETS = 'fake-token-no-repo-secrets';

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
});
afterAll(() => ca.dispose());

async function stop(): Promise<void> {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
}

async function start(): Promise<void> {
  bed = await startTestBed({
    repositories: ['octo-org/payments', 'octo-org/payouts', 'octo-org/billing', 'other-org/payments'],
    tokens: {
      [FAKE_TOKEN]: {},
      [NO_ORG_SECRETS_WRITE]: { organizationSecrets: 'read' },
      [NO_REPO_SECRETS]: { secrets: 'none' },
    },
  });
}

async function rotate(inputs: Record<string, string>, options: RotationOptions = {}): Promise<ActionRun> {
  const run = await runRotation(bed, { ...ORG_INPUTS, ...inputs }, options);
  runs.push(run);
  return run;
}

const id = (name: string) => bed.github.repositoryId(name);
const writesSince = (from: number) => bed.github.calls.slice(from).filter((call) => call.method !== 'GET');

function expectNothingWritten(run: ActionRun, before: string, message: RegExp): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(message);
  expect(bed.github.snapshot()).toBe(before);
}

describe('organization scope, visibility selected', () => {
  beforeAll(start);
  afterAll(stop);

  it('request stores the pending key and CSR in the organization, visible to the named repository only', async () => {
    const from = bed.github.calls.length;
    const run = await rotate({ issue: 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('requested');
    const selected = { visibility: 'selected', selectedRepositoryIds: [id('octo-org/payments')] };
    expect(bed.github.organizationAccess('octo-org', 'secret', PENDING)).toEqual(selected);
    expect(bed.github.organizationAccess('octo-org', 'variable', CSR)).toEqual(selected);
    expect(bed.github.secretNames(org)).toEqual([PENDING]);
    expect(bed.github.secretNames(REPOSITORY)).toEqual([]);
    expect(bed.github.variable(REPOSITORY, CSR)).toBeUndefined();
    expect(run.warnings).toEqual([]);
    // The API calls of a request at organization scope (the issue's left out): the reads, some in parallel...
    const calls = bed.github.calls
      .slice(from)
      .filter((call) => !/\/(issues|labels|assignees|collaborators)/.test(call.route))
      .map((call) => `${call.method} ${call.route}`);
    expect(calls.filter((call) => call.startsWith('GET ')).sort()).toEqual([
      'GET /orgs/{org}/actions/secrets/public-key',
      'GET /orgs/{org}/actions/variables',
      'GET /orgs/{org}/actions/variables/{name}', // the CSR read back after the second key write
      'GET /repos/{owner}/{repo}', // the selected repository's id
      'GET /repos/{owner}/{repo}/actions/secrets', // does the repository override the secret?
      'GET /repos/{owner}/{repo}/actions/variables', // ... or the variables?
    ]);
    // ...the writes in the usual order, and the repository id looked up before any of them.
    expect(calls.filter((call) => !call.startsWith('GET '))).toEqual([
      'PUT /orgs/{org}/actions/secrets/{secret_name}',
      'POST /orgs/{org}/actions/variables',
      'PUT /orgs/{org}/actions/secrets/{secret_name}',
    ]);
    expect(calls.indexOf('GET /repos/{owner}/{repo}')).toBeLessThan(
      calls.indexOf('PUT /orgs/{org}/actions/secrets/{secret_name}'),
    );
    // The rotation issue names the organization as where the credential lives.
    expect(bed.github.issues.issues).toHaveLength(1);
    expect(parseCredentialMarker(bed.github.issues.issues[0].body)).toMatchObject({
      target: 'octo-org',
      scope: 'organization',
    });
  });

  it('promote with a token without the organization Secrets write permission: 403 naming it, nothing written', async () => {
    const pending = bed.github.secret(org, PENDING) ?? '';
    const certificate = await ca.signCsr(bed.github.variable(org, CSR) ?? '', { days: 365 });
    const before = bed.github.snapshot();
    const from = bed.github.calls.length;
    const run = await rotate({
      mode: 'promote',
      certificate,
      'pending-private-key': pending,
      'github-token': NO_ORG_SECRETS_WRITE,
    });
    expectNothingWritten(
      run,
      before,
      /write secret MANGOPAY_MTLS_KEY in organization octo-org: .*403.*organization permission "Secrets: read and write" on octo-org.*only organization owners can grant/,
    );
    expect(writesSince(from).map((call) => `${call.method} ${call.route} ${call.status}`)).toEqual([
      'PUT /orgs/{org}/actions/secrets/{secret_name} 403',
    ]);
  });

  it('promote installs the certificate and key there with the same visibility; check and request follow', async () => {
    const pending = bed.github.secret(org, PENDING) ?? '';
    const certificate = await ca.signCsr(bed.github.variable(org, CSR) ?? '', { days: 365 });
    const promoted = await rotate({ mode: 'promote', certificate, 'pending-private-key': pending });
    expect(promoted.outputs.state).toBe('promoted');
    expect(asPem(bed.github.secret(org, KEY) ?? '')).toBe(asPem(pending));
    expect(bed.github.secretNames(org)).toEqual([KEY]);
    const selected = { visibility: 'selected', selectedRepositoryIds: [id('octo-org/payments')] };
    expect(bed.github.organizationAccess('octo-org', 'secret', KEY)).toEqual(selected);
    expect(bed.github.organizationAccess('octo-org', 'variable', CERT)).toEqual(selected);

    const checked = await rotate({ mode: 'check' });
    expect(checked.outputs).toMatchObject({ state: 'checked', pending: 'false', due: 'false' });
    const before = bed.github.snapshot();
    const notDue = await rotate({});
    expect(notDue.outputs.state).toBe('not-due');
    expect(bed.github.snapshot()).toBe(before);
  });

  it('several selected repositories: each id once, in any case, whatever the order given', async () => {
    const run = await rotate({
      force: 'true',
      'selected-repositories': 'payouts, payments,PAYOUTS',
    });
    expect(run.outputs.state).toBe('requested');
    expect(bed.github.organizationAccess('octo-org', 'secret', PENDING)).toEqual({
      visibility: 'selected',
      selectedRepositoryIds: [id('octo-org/payments'), id('octo-org/payouts')].sort((a, b) => a - b),
    });
  });
  it('an update stores the visibility given now (the pending key and CSR written again, private)', async () => {
    const from = bed.github.calls.length;
    const run = await rotate({ force: 'true', 'organization-visibility': 'private' });
    expect(run.outputs.state).toBe('requested');
    // Both already existed: the secret is replaced and the variable updated, not created.
    expect(writesSince(from).map((call) => `${call.method} ${call.status}`)).toEqual([
      'PUT 204',
      'PATCH 204',
      'PUT 204',
    ]);
    const access = { visibility: 'private', selectedRepositoryIds: [] };
    expect(bed.github.organizationAccess('octo-org', 'secret', PENDING)).toEqual(access);
    expect(bed.github.organizationAccess('octo-org', 'variable', CSR)).toEqual(access);
  });

  it('a dry run looks the repositories up and encrypts, and writes nothing', async () => {
    const before = bed.github.snapshot();
    const from = bed.github.calls.length;
    const run = await rotate({ force: 'true', 'dry-run': 'true', 'selected-repositories': 'billing' });
    expect(run.outputs).toMatchObject({ state: 'requested', 'dry-run': 'true' });
    expect(bed.github.calls.slice(from).map((call) => `${call.method} ${call.path}`)).toContain(
      'GET /repos/octo-org/billing',
    );
    expect(writesSince(from)).toEqual([]);
    expect(bed.github.snapshot()).toBe(before);
  });
});

describe('organization scope, other visibilities and warnings', () => {
  beforeEach(start);
  afterEach(stop);

  it('private: stored with visibility private and no repository ids', async () => {
    const run = await rotate({ 'organization-visibility': 'private' });
    expect(run.outputs.state).toBe('requested');
    const access = { visibility: 'private', selectedRepositoryIds: [] };
    expect(bed.github.organizationAccess('octo-org', 'secret', PENDING)).toEqual(access);
    expect(bed.github.organizationAccess('octo-org', 'variable', CSR)).toEqual(access);
    expect(run.warnings).toEqual([]);
  });

  it('all: stored with visibility all, with a warning; a repository variable of the same name is named', async () => {
    bed.github.setVariable(REPOSITORY, CSR, 'a stale repository CSR');
    // This token cannot list the repository's secrets: that check is skipped, not an error.
    const run = await rotate({ 'organization-visibility': 'all', 'github-token': NO_REPO_SECRETS });
    expect(run.exitCode).toBe(0);
    expect(bed.github.organizationAccess('octo-org', 'secret', PENDING)).toEqual({
      visibility: 'all',
      selectedRepositoryIds: [],
    });
    expect(run.warnings).toEqual([
      expect.stringMatching(/octo-org\/payments has its own variable MANGOPAY_MTLS_CSR, which overrides/),
      expect.stringMatching(/organization-visibility is all: .*public ones included/),
    ]);
  });

  it('an unknown selected repository: named, nothing encrypted or written', async () => {
    const before = bed.github.snapshot();
    const from = bed.github.calls.length;
    const run = await rotate({ 'selected-repositories': 'payments, ghost' });
    expectNothingWritten(
      run,
      before,
      /Input 'selected-repositories': octo-org\/ghost not found \(404\)\. A repository the token cannot see looks the same as one that does not exist/,
    );
    expect(writesSince(from)).toEqual([]);
  });

  it('an organization that does not exist: 404 naming it, nothing written', async () => {
    const before = bed.github.snapshot();
    const run = await rotate({}, { repository: 'ghost-org/payments' });
    expectNothingWritten(
      run,
      before,
      /in organization ghost-org: not found \(404\)\. The organization ghost-org/,
    );
  });
});
