// Two credentials side by side in one repository (a sandbox and a production ClientId, each with its own
// key-secret, certificate-variable, csr-variable and artifact-name, as examples/matrix.yml sets them), rotated
// by runs started together: neither touches the other's secrets, variables, artifact or rotation issue.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import { asPem, REPOSITORY_TARGET as repo, runRotation, startTestBed, type TestBed } from '../support/e2e.js';
import { FAKE_TOKEN } from '../support/fake-github.js';
import { parseCredentialMarker } from '../../src/issue/marker.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

const CREDENTIALS = {
  sandbox: {
    'client-id': 'acme',
    'mangopay-environment': 'sandbox',
    'key-secret': 'SANDBOX_KEY',
    'certificate-variable': 'SANDBOX_CERT',
    'csr-variable': 'SANDBOX_CSR',
    'artifact-name': 'csr-sandbox',
  },
  production: {
    'client-id': 'acme',
    'mangopay-environment': 'production',
    'key-secret': 'PRODUCTION_KEY',
    'certificate-variable': 'PRODUCTION_CERT',
    'csr-variable': 'PRODUCTION_CSR',
    'artifact-name': 'csr-production',
  },
} as const;
type Name = keyof typeof CREDENTIALS;
const NAMES: Name[] = ['sandbox', 'production'];

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];

beforeAll(async () => {
  [ca, bed] = await Promise.all([createTestCa({ commonName: 'Mangopay Test CA' }), startTestBed()]);
});
afterAll(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
  await ca.dispose();
});

/** Both credentials' runs, started together. */
async function both(inputs: (name: Name) => Record<string, string>): Promise<Record<Name, ActionRun>> {
  const [sandbox, production] = await Promise.all(
    NAMES.map((name) =>
      runRotation(
        bed,
        { ...CREDENTIALS[name], issue: 'true', 'issue-token': FAKE_TOKEN, ...inputs(name) },
        { ownSecrets: ['', '_PENDING', '_PREVIOUS'].map((end) => CREDENTIALS[name]['key-secret'] + end) },
      ),
    ),
  );
  runs.push(sandbox, production);
  return { sandbox, production };
}

const csrOf = (name: Name) => bed.github.variable(repo, CREDENTIALS[name]['csr-variable']) ?? '';
const issueOf = (name: Name) =>
  bed.github.issues.issues.filter(
    (issue) =>
      parseCredentialMarker(issue.body)?.mangopayEnvironment === CREDENTIALS[name]['mangopay-environment'],
  );

describe('two credentials in one repository, rotated at the same time', () => {
  it('request: each stores its own pending key and CSR, publishes its own artifact and opens its own issue', async () => {
    const requested = await both(() => ({}));
    for (const name of NAMES) {
      expect(requested[name].exitCode).toBe(0);
      expect(requested[name].outputs.state).toBe('requested');
      // The run's outputs are about its own credential: its CSR is the one stored under its name.
      expect(requested[name].outputs.csr.trim()).toBe(csrOf(name).trim());
    }
    expect(csrOf('sandbox')).not.toBe(csrOf('production'));
    expect(bed.github.secretNames(repo)).toEqual(['PRODUCTION_KEY_PENDING', 'SANDBOX_KEY_PENDING']);
    expect(bed.artifacts.map((artifact) => artifact.name).sort()).toEqual(['csr-production', 'csr-sandbox']);
    for (const artifact of bed.artifacts) {
      const name: Name = artifact.name === 'csr-sandbox' ? 'sandbox' : 'production';
      expect(Object.keys(artifact.files)).toEqual([`acme-${name}.csr`]);
      expect(artifact.files[`acme-${name}.csr`].toString().trim()).toBe(csrOf(name).trim());
    }
    expect(bed.github.issues.issues).toHaveLength(2);
    for (const name of NAMES) {
      expect(issueOf(name)).toHaveLength(1);
      expect(issueOf(name)[0].body).toContain(csrOf(name).trim());
    }
  });

  it('promote: each installs its own certificate and key, and closes its own issue', async () => {
    const pending = {
      sandbox: bed.github.secret(repo, 'SANDBOX_KEY_PENDING') ?? '',
      production: bed.github.secret(repo, 'PRODUCTION_KEY_PENDING') ?? '',
    };
    const certificates = {
      sandbox: await ca.signCsr(csrOf('sandbox'), { days: 365 }),
      production: await ca.signCsr(csrOf('production'), { days: 200 }),
    };
    const promoted = await both((name) => ({
      mode: 'promote',
      certificate: certificates[name],
      'pending-private-key': pending[name],
    }));
    for (const name of NAMES) {
      expect(promoted[name].outputs.state).toBe('promoted');
      const { 'key-secret': key, 'certificate-variable': cert } = CREDENTIALS[name];
      expect(asPem(bed.github.secret(repo, key) ?? '')).toBe(asPem(pending[name]));
      expect(asPem(bed.github.variable(repo, cert) ?? '')?.trim()).toBe(certificates[name].trim());
      expect(bed.github.variable(repo, CREDENTIALS[name]['csr-variable'])).toBeUndefined();
      expect(issueOf(name).map((issue) => issue.state)).toEqual(['closed']);
    }
    expect(promoted.sandbox.outputs['days-remaining']).toBe('364');
    expect(promoted.production.outputs['days-remaining']).toBe('199');
    expect(bed.github.secretNames(repo)).toEqual(['PRODUCTION_KEY', 'SANDBOX_KEY']);
  });
});
