// The GitHub fake's OpenAPI bookkeeping and test helpers, driven by a real Octokit.
import { describe, expect, test } from '@jest/globals';
import { FAKE_TOKEN } from '../support/fake-github.js';
import {
  client,
  envParams,
  failure,
  fake,
  PROD,
  REPO,
  repoParams,
  useFakeGitHub,
} from '../support/fake-github-client.js';

useFakeGitHub();

describe('OpenAPI bookkeeping and test helpers', () => {
  test('unknown and unimplemented routes answer 404 and are recorded as violations', async () => {
    const res = await fetch(`${fake.url}/repos/octo-org/payments/secretz`, {
      headers: { authorization: `token ${FAKE_TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(fake.calls.at(-1)).toMatchObject({ route: '(unmatched)', status: 404 });
    const octokit = client();
    expect(
      (await failure(octokit.request('GET /repos/{owner}/{repo}/actions/runs', repoParams))).status,
    ).toBe(404);
    expect(fake.openApiViolations).toEqual([
      expect.stringContaining('GET /repos/octo-org/payments/secretz: no such route'),
      expect.stringContaining(
        'GET /repos/{owner}/{repo}/actions/runs: documented by GitHub but not implemented',
      ),
    ]);
  });

  test('seeded values are served over HTTP; snapshot is deterministic and sees every write', async () => {
    fake.setSecret(REPO, 'seeded_key', 'plain');
    fake.setVariable(PROD, 'seeded_var', 'v1');
    expect(fake.secret(REPO, 'SEEDED_KEY')).toBe('plain');
    const octokit = client();
    const { data } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
      {
        ...envParams,
        name: 'SEEDED_VAR',
      },
    );
    expect(data.value).toBe('v1');

    const before = fake.snapshot();
    expect(fake.snapshot()).toBe(before);
    expect(JSON.parse(before)).toEqual([
      {
        repository: 'octo-org/payments',
        secrets: [{ name: 'SEEDED_KEY', plaintext: 'plain', revision: 1 }],
        variables: [],
        environments: [
          {
            environment: 'production',
            secrets: [],
            variables: [{ name: 'SEEDED_VAR', value: 'v1', revision: 2 }],
          },
        ],
      },
    ]);
    // Rewriting the same value is still a write.
    await octokit.request('PATCH /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}', {
      ...envParams,
      name: 'SEEDED_VAR',
      value: 'v1',
    });
    expect(fake.snapshot()).not.toBe(before);
    expect(() => fake.variable({ repository: 'octo-org/other' }, 'X')).toThrow(/unknown repository/);
  });
});
