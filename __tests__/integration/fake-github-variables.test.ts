// The GitHub fake's repository variables and the environment scope, driven by a real Octokit.
import { describe, expect, test } from '@jest/globals';
import {
  client,
  envParams,
  failure,
  fake,
  PROD,
  REPO,
  repoParams,
  seal,
  useFakeGitHub,
} from '../support/fake-github-client.js';

useFakeGitHub();

describe('repository variables', () => {
  test('create, conflict, get, update, delete, and 404s', async () => {
    const octokit = client();
    const route = '/repos/{owner}/{repo}/actions/variables/{name}';
    const created = await octokit.request('POST /repos/{owner}/{repo}/actions/variables', {
      ...repoParams,
      name: 'mangopay_mtls_csr',
      value: '-----BEGIN CERTIFICATE REQUEST-----',
    });
    expect(created.status).toBe(201);
    const conflict = await failure(
      octokit.request('POST /repos/{owner}/{repo}/actions/variables', {
        ...repoParams,
        name: 'MANGOPAY_MTLS_CSR',
        value: 'x',
      }),
    );
    expect(conflict.status).toBe(409);

    const { data } = await octokit.request(`GET ${route}`, { ...repoParams, name: 'Mangopay_Mtls_Csr' });
    expect(data).toEqual({
      name: 'MANGOPAY_MTLS_CSR',
      value: '-----BEGIN CERTIFICATE REQUEST-----',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/Z$/),
    });

    const patched = await octokit.request(`PATCH ${route}`, {
      ...repoParams,
      name: 'MANGOPAY_MTLS_CSR',
      value: 'new',
    });
    expect(patched.status).toBe(204);
    expect(fake.variable(REPO, 'mangopay_mtls_csr')).toBe('new');
    const patchMissing = await failure(
      octokit.request(`PATCH ${route}`, { ...repoParams, name: 'ABSENT', value: 'x' }),
    );
    expect(patchMissing.status).toBe(404);

    expect(
      (await octokit.request(`DELETE ${route}`, { ...repoParams, name: 'MANGOPAY_MTLS_CSR' })).status,
    ).toBe(204);
    expect(fake.variable(REPO, 'MANGOPAY_MTLS_CSR')).toBeUndefined();
    expect(
      (await failure(octokit.request(`DELETE ${route}`, { ...repoParams, name: 'MANGOPAY_MTLS_CSR' })))
        .status,
    ).toBe(404);
    const missing = await failure(
      octokit.request(`GET ${route}`, { ...repoParams, name: 'MANGOPAY_MTLS_CSR' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toMatchObject({ message: 'Not Found', status: '404' });
    expect(fake.openApiViolations).toEqual([]);
  });

  test('names are validated like secrets', async () => {
    const octokit = client();
    for (const name of ['9LIVES', 'GITHUB_SHA', 'A.B']) {
      const error = await failure(
        octokit.request('POST /repos/{owner}/{repo}/actions/variables', { ...repoParams, name, value: 'v' }),
      );
      expect(error.status).toBe(422);
    }
    expect(fake.snapshot()).not.toMatch(/"name"/);
  });

  test('lists page by page with a Link header that octokit.paginate follows', async () => {
    for (let i = 0; i < 12; i++) fake.setVariable(REPO, `VAR_${String(i).padStart(2, '0')}`, `value ${i}`);
    const octokit = client();
    const first = await octokit.request('GET /repos/{owner}/{repo}/actions/variables', repoParams);
    expect(first.data.total_count).toBe(12);
    expect(first.data.variables).toHaveLength(10);
    expect(first.headers.link).toMatch(/rel="next"/);
    const all = await octokit.paginate('GET /repos/{owner}/{repo}/actions/variables', repoParams);
    expect(all.map((v) => v.name)).toHaveLength(12);
  });
});

describe('environment scope', () => {
  test('has its own key pair, secrets and variables', async () => {
    const octokit = client();
    const { data: env } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}',
      envParams,
    );
    expect(env.name).toBe('production');
    const { data: envKey } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key',
      envParams,
    );
    const { data: repoKey } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      repoParams,
    );
    expect(envKey.key).not.toBe(repoKey.key);
    expect(envKey.key_id).not.toBe(repoKey.key_id);

    const put = (key: { key: string; key_id: string }) =>
      octokit.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', {
        ...envParams,
        secret_name: 'MANGOPAY_MTLS_KEY',
        encrypted_value: seal(key.key, 'env secret'),
        key_id: key.key_id,
      });
    expect((await failure(put(repoKey))).status).toBe(422);
    expect((await put(envKey)).status).toBe(201);
    expect(fake.secret(PROD, 'MANGOPAY_MTLS_KEY')).toBe('env secret');
    expect(fake.secret(REPO, 'MANGOPAY_MTLS_KEY')).toBeUndefined();

    await octokit.request('POST /repos/{owner}/{repo}/environments/{environment_name}/variables', {
      ...envParams,
      name: 'MANGOPAY_MTLS_CERT',
      value: 'cert',
    });
    expect(fake.variable(PROD, 'MANGOPAY_MTLS_CERT')).toBe('cert');
    expect(fake.variable(REPO, 'MANGOPAY_MTLS_CERT')).toBeUndefined();
    const { data } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
      {
        ...envParams,
        name: 'mangopay_mtls_cert',
      },
    );
    expect(data.value).toBe('cert');
    expect(fake.openApiViolations).toEqual([]);
  });

  test('404 for an unknown environment or repository', async () => {
    const octokit = client();
    const noEnv = { ...repoParams, environment_name: 'staging' };
    expect(
      (await failure(octokit.request('GET /repos/{owner}/{repo}/environments/{environment_name}', noEnv)))
        .status,
    ).toBe(404);
    const envKey = failure(
      octokit.request('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key', noEnv),
    );
    expect((await envKey).status).toBe(404);
    const noRepo = { owner: 'octo-org', repo: 'nope' };
    expect((await failure(octokit.request('GET /repos/{owner}/{repo}', noRepo))).status).toBe(404);
    expect(
      (await failure(octokit.request('GET /repos/{owner}/{repo}/actions/variables', noRepo))).status,
    ).toBe(404);
    // Repository and environment names are case-insensitive, as on GitHub.
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', {
      owner: 'Octo-Org',
      repo: 'PAYMENTS',
    });
    expect(data.full_name).toBe('octo-org/payments');
  });
});
