// The GitHub fake's repository secrets, driven by a real Octokit and libsodium.
import { describe, expect, test } from '@jest/globals';
import {
  client,
  failure,
  fake,
  REPO,
  repoParams,
  seal,
  useFakeGitHub,
} from '../support/fake-github-client.js';
import { generateKeyPair } from '../support/sealed-box.js';

useFakeGitHub();

describe('repository secrets', () => {
  test('public key, PUT 201 then 204, readable as decrypted plaintext', async () => {
    const octokit = client();
    const { data: key } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      repoParams,
    );
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);
    expect(key.key_id).toMatch(/^\d+$/);

    const first = seal(key.key, 'first value');
    const created = await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      ...repoParams,
      secret_name: 'mangopay_mtls_key_pending',
      encrypted_value: first,
      key_id: key.key_id,
    });
    expect(created.status).toBe(201);
    expect(fake.secretNames(REPO)).toEqual(['MANGOPAY_MTLS_KEY_PENDING']);
    expect(fake.secret(REPO, 'MANGOPAY_MTLS_KEY_PENDING')).toBe('first value');
    expect(fake.encryptedSecret(REPO, 'mangopay_mtls_key_pending')).toBe(first);

    const updated = await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      ...repoParams,
      secret_name: 'MANGOPAY_MTLS_KEY_PENDING',
      encrypted_value: seal(key.key, 'second value'),
      key_id: key.key_id,
    });
    expect(updated.status).toBe(204);
    expect(fake.secret(REPO, 'MANGOPAY_MTLS_KEY_PENDING')).toBe('second value');

    const { data: meta } = await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      ...repoParams,
      secret_name: 'mangopay_mtls_key_pending',
    });
    expect(meta).toEqual({
      name: 'MANGOPAY_MTLS_KEY_PENDING',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const { data: list } = await octokit.request('GET /repos/{owner}/{repo}/actions/secrets', repoParams);
    expect(list.secrets.map((s) => s.name)).toEqual(['MANGOPAY_MTLS_KEY_PENDING']);

    const del = await octokit.request('DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      ...repoParams,
      secret_name: 'MANGOPAY_MTLS_KEY_PENDING',
    });
    expect(del.status).toBe(204);
    expect(fake.secret(REPO, 'MANGOPAY_MTLS_KEY_PENDING')).toBeUndefined();
    const again = await failure(
      octokit.request('DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        ...repoParams,
        secret_name: 'MANGOPAY_MTLS_KEY_PENDING',
      }),
    );
    expect(again.status).toBe(404);
    expect(again.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/actions/secrets#delete-a-repository-secret',
      status: '404',
    });
    expect(fake.callCount('PUT', '/repos/{owner}/{repo}/actions/secrets/{secret_name}')).toBe(2);
    expect(fake.openApiViolations).toEqual([]);
  });

  test('422 for a wrong key_id, a box for another key, a tampered box', async () => {
    const octokit = client();
    const { data: key } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      repoParams,
    );
    const put = (encrypted_value: string, key_id: string) =>
      failure(
        octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
          ...repoParams,
          secret_name: 'KEY',
          encrypted_value,
          key_id,
        }),
      );

    const wrongId = await put(seal(key.key, 'v'), '1234');
    expect(wrongId.status).toBe(422);
    expect(wrongId.response?.data).toMatchObject({ message: 'Bad request - Invalid key_id', status: '422' });

    const otherKey = Buffer.from(generateKeyPair().publicKey).toString('base64');
    const forOther = await put(seal(otherKey, 'v'), key.key_id);
    expect(forOther.status).toBe(422);
    expect(forOther.message).toMatch(/improperly encrypted secret/);

    const box = Buffer.from(seal(key.key, 'value'), 'base64');
    box[box.length - 1] ^= 0xff;
    expect((await put(box.toString('base64'), key.key_id)).status).toBe(422);

    expect(fake.secretNames(REPO)).toEqual([]);
    expect(fake.openApiViolations).toEqual([]);
  });

  test('422 and an OpenAPI violation for a body the description forbids', async () => {
    const octokit = client();
    const { data: key } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      repoParams,
    );
    const error = await failure(
      octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        ...repoParams,
        secret_name: 'KEY',
        encrypted_value: 'not base64!',
        key_id: key.key_id,
      }),
    );
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/^Invalid request\./);
    expect(fake.openApiViolations).toEqual([expect.stringMatching(/encrypted_value must match pattern/)]);
    expect(fake.secretNames(REPO)).toEqual([]);
  });

  test.each(['1ST_KEY', 'GITHUB_KEY', 'github_key', 'MY-KEY', 'MY KEY'])(
    '422 for the secret name %j',
    async (name) => {
      const octokit = client();
      const { data: key } = await octokit.request(
        'GET /repos/{owner}/{repo}/actions/secrets/public-key',
        repoParams,
      );
      const error = await failure(
        octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
          ...repoParams,
          secret_name: name,
          encrypted_value: seal(key.key, 'v'),
          key_id: key.key_id,
        }),
      );
      expect(error.status).toBe(422);
      expect(error.message).toMatch(/Secret names/);
      expect(fake.secretNames(REPO)).toEqual([]);
    },
  );
});
