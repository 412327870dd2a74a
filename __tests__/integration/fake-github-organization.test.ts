// The GitHub fake's organization secrets and variables, driven by a real Octokit and libsodium; every
// response is checked against GitHub's OpenAPI description (../support/fake-github-client.ts).
import { describe, expect, test } from '@jest/globals';
import { client, failure, fake, restartFake, seal, useFakeGitHub } from '../support/fake-github-client.js';

useFakeGitHub();

const org = { org: 'octo-org' };

describe('organization secrets', () => {
  test('sealed with the organization key, stored with visibility and repository ids, read back', async () => {
    const octokit = client();
    const { data: key } = await octokit.request('GET /orgs/{org}/actions/secrets/public-key', org);
    const ids = [fake.repositoryId('octo-org/payments')];
    const put = await octokit.request('PUT /orgs/{org}/actions/secrets/{secret_name}', {
      ...org,
      secret_name: 'mangopay_mtls_key',
      encrypted_value: seal(key.key, 'the key'),
      key_id: key.key_id,
      visibility: 'selected',
      selected_repository_ids: ids,
    });
    expect(put.status).toBe(201);
    expect(fake.secret({ organization: 'octo-org' }, 'MANGOPAY_MTLS_KEY')).toBe('the key');
    expect(fake.organizationAccess('octo-org', 'secret', 'MANGOPAY_MTLS_KEY')).toEqual({
      visibility: 'selected',
      selectedRepositoryIds: ids,
    });
    const { data } = await octokit.request('GET /orgs/{org}/actions/secrets/{secret_name}', {
      ...org,
      secret_name: 'MANGOPAY_MTLS_KEY',
    });
    expect(data).toMatchObject({ name: 'MANGOPAY_MTLS_KEY', visibility: 'selected' });
    // A repository's own key does not open an organization's box.
    const { data: repoKey } = await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', {
      owner: 'octo-org',
      repo: 'payments',
    });
    const wrongKey = await failure(
      octokit.request('PUT /orgs/{org}/actions/secrets/{secret_name}', {
        ...org,
        secret_name: 'OTHER',
        encrypted_value: seal(repoKey.key, 'x'),
        key_id: key.key_id,
        visibility: 'private',
      }),
    );
    expect(wrongKey.status).toBe(422);
    const deleted = await octokit.request('DELETE /orgs/{org}/actions/secrets/{secret_name}', {
      ...org,
      secret_name: 'MANGOPAY_MTLS_KEY',
    });
    expect(deleted.status).toBe(204);
  });

  test('repository ids: only with selected, and only the organization repositories', async () => {
    await restartFake({ repositories: ['octo-org/payments', 'other-org/payments'] });
    const octokit = client();
    const { data: key } = await octokit.request('GET /orgs/{org}/actions/secrets/public-key', org);
    const put = (visibility: 'all' | 'selected', ids: number[]) =>
      octokit.request('PUT /orgs/{org}/actions/secrets/{secret_name}', {
        ...org,
        secret_name: 'K',
        encrypted_value: seal(key.key, 'x'),
        key_id: key.key_id,
        visibility,
        selected_repository_ids: ids,
      });
    expect((await failure(put('all', [fake.repositoryId('octo-org/payments')]))).status).toBe(422);
    expect((await failure(put('selected', [fake.repositoryId('other-org/payments')]))).status).toBe(422);
    expect(fake.secretNames({ organization: 'octo-org' })).toEqual([]);
  });

  test('the organization permissions answer 403 with what GitHub accepts; an unknown organization 404', async () => {
    await restartFake({ tokens: { reader: { organizationSecrets: 'read', organizationVariables: 'none' } } });
    const octokit = client('reader');
    await octokit.request('GET /orgs/{org}/actions/secrets/public-key', org);
    const write = await failure(
      octokit.request('DELETE /orgs/{org}/actions/secrets/{secret_name}', { ...org, secret_name: 'K' }),
    );
    expect(write.status).toBe(403);
    expect(write.response?.headers['x-accepted-github-permissions']).toBe('organization_secrets=write');
    const variables = await failure(octokit.request('GET /orgs/{org}/actions/variables', org));
    expect(variables.response?.headers['x-accepted-github-permissions']).toBe(
      'organization_actions_variables=read',
    );
    const missing = await failure(
      octokit.request('GET /orgs/{org}/actions/secrets/public-key', { org: 'ghost-org' }),
    );
    expect(missing.status).toBe(404);
  });
});

describe('organization variables', () => {
  test('create, list with visibility, update keeping or changing it, delete', async () => {
    const octokit = client();
    await octokit.request('POST /orgs/{org}/actions/variables', {
      ...org,
      name: 'mangopay_mtls_cert',
      value: 'v1',
      visibility: 'private',
    });
    const conflict = await failure(
      octokit.request('POST /orgs/{org}/actions/variables', {
        ...org,
        name: 'MANGOPAY_MTLS_CERT',
        value: 'v',
        visibility: 'private',
      }),
    );
    expect(conflict.status).toBe(409);
    await octokit.request('PATCH /orgs/{org}/actions/variables/{name}', {
      ...org,
      name: 'MANGOPAY_MTLS_CERT',
      value: 'v2',
    });
    expect(fake.organizationAccess('octo-org', 'variable', 'MANGOPAY_MTLS_CERT')).toEqual({
      visibility: 'private',
      selectedRepositoryIds: [],
    });
    const ids = [fake.repositoryId('octo-org/payments')];
    await octokit.request('PATCH /orgs/{org}/actions/variables/{name}', {
      ...org,
      name: 'MANGOPAY_MTLS_CERT',
      visibility: 'selected',
      selected_repository_ids: ids,
    });
    const { data } = await octokit.request('GET /orgs/{org}/actions/variables', { ...org, per_page: 30 });
    expect(data.total_count).toBe(1);
    expect(data.variables[0]).toMatchObject({
      name: 'MANGOPAY_MTLS_CERT',
      value: 'v2',
      visibility: 'selected',
    });
    const one = await octokit.request('GET /orgs/{org}/actions/variables/{name}', {
      ...org,
      name: 'mangopay_mtls_cert',
    });
    expect(one.data.selected_repositories_url).toMatch(
      /\/orgs\/octo-org\/actions\/variables\/MANGOPAY_MTLS_CERT\//,
    );
    await octokit.request('DELETE /orgs/{org}/actions/variables/{name}', {
      ...org,
      name: 'MANGOPAY_MTLS_CERT',
    });
    expect(fake.variable({ organization: 'octo-org' }, 'MANGOPAY_MTLS_CERT')).toBeUndefined();
    expect(fake.openApiViolations).toEqual([]);
  });
});
