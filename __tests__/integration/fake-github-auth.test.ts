// The GitHub fake's authentication and fine-grained permissions, as GitHub answers them.
import { describe, expect, test } from '@jest/globals';
import { FAKE_TOKEN } from '../support/fake-github.js';
import {
  client,
  envParams,
  failure,
  fake,
  repoParams,
  restartFake,
  seal,
  useFakeGitHub,
} from '../support/fake-github-client.js';
import { checkResponse } from '../support/openapi.js';

useFakeGitHub();

describe('authentication and permissions', () => {
  test('401 for a missing or unknown token; token and Bearer schemes both work', async () => {
    const unknown = await failure(client('nope').request('GET /repos/{owner}/{repo}', repoParams));
    expect(unknown.status).toBe(401);
    expect(unknown.response?.data).toEqual({
      message: 'Bad credentials',
      documentation_url: expect.any(String),
      status: '401',
    });
    const bare = await fetch(`${fake.url}/repos/octo-org/payments`);
    expect(bare.status).toBe(401);
    for (const scheme of ['token', 'Bearer']) {
      const res = await fetch(`${fake.url}/repos/octo-org/payments`, {
        headers: { authorization: `${scheme} ${FAKE_TOKEN}` },
      });
      expect(res.status).toBe(200);
      expect(checkResponse('/repos/{owner}/{repo}', 'GET', 200, await res.json())).toEqual([]);
    }
  });

  test('403 with x-accepted-github-permissions naming what is missing', async () => {
    await restartFake({
      tokens: {
        'read-secrets': { secrets: 'read', variables: 'none' },
        'env-read': { environments: 'read', actions: 'none', metadata: 'none' },
      },
    });

    const reader = client('read-secrets');
    const { data: key } = await reader.request(
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      repoParams,
    );
    const put = await failure(
      reader.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        ...repoParams,
        secret_name: 'KEY',
        encrypted_value: seal(key.key, 'v'),
        key_id: key.key_id,
      }),
    );
    expect(put.status).toBe(403);
    expect(put.response?.headers['x-accepted-github-permissions']).toBe('secrets=write');
    expect(put.response?.data).toMatchObject({
      message: 'Resource not accessible by personal access token',
      status: '403',
    });
    const vars = await failure(
      reader.request('GET /repos/{owner}/{repo}/actions/variables/{name}', { ...repoParams, name: 'X' }),
    );
    expect(vars.response?.headers['x-accepted-github-permissions']).toBe('variables=read');

    const envReader = client('env-read');
    const envPut = await failure(
      envReader.request('POST /repos/{owner}/{repo}/environments/{environment_name}/variables', {
        ...envParams,
        name: 'X',
        value: 'v',
      }),
    );
    expect(envPut.response?.headers['x-accepted-github-permissions']).toBe(
      'variables=write,environments=write',
    );
    const getEnv = await failure(
      envReader.request('GET /repos/{owner}/{repo}/environments/{environment_name}', envParams),
    );
    expect(getEnv.response?.headers['x-accepted-github-permissions']).toBe('actions=read');
    const probe = await failure(envReader.request('GET /repos/{owner}/{repo}', repoParams));
    expect(probe.response?.headers['x-accepted-github-permissions']).toBe('metadata=read');
    expect(fake.snapshot()).not.toMatch(/"name"/);
  });
});
