// Proves the fake GitHub behaves like the real API for the routes the action uses: driven by a real Octokit
// and libsodium (what the product uses), with every response checked against GitHub's OpenAPI description.
import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { getOctokit } from '@actions/github';
import { RequestError } from '@octokit/request-error';
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub, type Target } from '../support/fake-github.js';
import { checkRequestBody, checkResponse, matchRoute } from '../support/openapi.js';
import { generateKeyPair, openSealedBox, sealBox } from '../support/sealed-box.js';

const REPO: Target = { repository: 'octo-org/payments' };
const PROD: Target = { repository: 'octo-org/payments', environment: 'production' };
const repoParams = { owner: 'octo-org', repo: 'payments' };
const envParams = { ...repoParams, environment_name: 'production' };

let fake: FakeGitHub;
/** Every response the clients saw that GitHub's description does not allow. */
let responseViolations: string[];

/** A real Octokit against the fake; a hook checks every response (success or error) against the OpenAPI. */
function client(token = fake.token) {
  const octokit = getOctokit(token, { baseUrl: fake.url });
  octokit.hook.wrap('request', async (request, options) => {
    const check = (url: string, status: number, data: unknown) => {
      const match = matchRoute(options.method, new URL(url).pathname);
      if (!match) return; // unknown routes are the fake's openApiViolations' business
      const body = data === '' ? undefined : data;
      responseViolations.push(...checkResponse(match.template, options.method, status, body));
    };
    try {
      const response = await request(options);
      check(response.url, response.status, response.data);
      return response;
    } catch (error) {
      if (error instanceof RequestError && error.response)
        check(error.response.url, error.status, error.response.data);
      throw error;
    }
  });
  return octokit;
}

/** Seals like the product does: libsodium's crypto_box_seal with the public key GitHub handed out. */
function seal(keyBase64: string, plaintext: string): string {
  const { base64_variants: variants } = sodium;
  const box = sodium.crypto_box_seal(plaintext, sodium.from_base64(keyBase64, variants.ORIGINAL));
  return sodium.to_base64(box, variants.ORIGINAL);
}

/** The status and body of a request expected to fail. */
async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('request unexpectedly succeeded');
}

beforeAll(async () => {
  await sodium.ready;
});

beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.addEnvironment(REPO.repository, 'production');
  responseViolations = [];
});

afterEach(async () => {
  await fake.close();
  expect(responseViolations).toEqual([]);
});

describe('sealed-box.ts (independent of libsodium)', () => {
  test('opens what libsodium seals, and libsodium opens what it seals', () => {
    const keys = generateKeyPair();
    const fromSodium = sodium.crypto_box_seal('pending key material', keys.publicKey);
    const opened = openSealedBox(Buffer.from(fromSodium).toString('base64'), keys.publicKey, keys.secretKey);
    expect(Buffer.from(opened).toString()).toBe('pending key material');

    const mine = sealBox('the other way round', keys.publicKey);
    expect(sodium.to_string(sodium.crypto_box_seal_open(mine, keys.publicKey, keys.secretKey))).toBe(
      'the other way round',
    );
  });

  test('rejects a tampered box, another recipient, and non-base64', () => {
    const keys = generateKeyPair();
    const box = sodium.crypto_box_seal('x'.repeat(100), keys.publicKey);
    box[60] ^= 1;
    expect(() =>
      openSealedBox(Buffer.from(box).toString('base64'), keys.publicKey, keys.secretKey),
    ).toThrow();
    const other = generateKeyPair();
    const forOther = Buffer.from(sealBox('hi', other.publicKey)).toString('base64');
    expect(() => openSealedBox(forOther, keys.publicKey, keys.secretKey)).toThrow();
    expect(() => openSealedBox('not base64!', keys.publicKey, keys.secretKey)).toThrow(/base64/);
  });
});

describe('openapi.ts', () => {
  test('matches the most specific template and decodes parameters', () => {
    expect(matchRoute('GET', '/repos/o/r/actions/secrets/public-key')?.template).toBe(
      '/repos/{owner}/{repo}/actions/secrets/public-key',
    );
    expect(matchRoute('PUT', '/repos/o/r/environments/a%2Fb/secrets/X')).toEqual({
      template: '/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
      operationId: 'actions/create-or-update-environment-secret',
      params: { owner: 'o', repo: 'r', environment_name: 'a/b', secret_name: 'X' },
    });
    expect(matchRoute('POST', '/repos/o/r/actions/secrets/public-key')).toBeUndefined();
    expect(matchRoute('GET', '/nope')).toBeUndefined();
  });

  test('is not vacuous: bad bodies and undocumented statuses are reported', () => {
    const secret = '/repos/{owner}/{repo}/actions/secrets/{secret_name}';
    expect(checkRequestBody(secret, 'PUT', { encrypted_value: 'c2VjcmV0' })).toEqual([
      expect.stringContaining("must have required property 'key_id'"),
    ]);
    expect(checkRequestBody(secret, 'PUT', undefined)).toEqual([expect.stringContaining('required')]);
    expect(checkRequestBody(secret, 'GET', {})).toEqual([expect.stringContaining('takes no request body')]);
    expect(checkResponse(secret, 'PUT', 200, {})).toEqual([expect.stringContaining('not documented')]);
    expect(checkResponse(secret, 'PUT', 204, {})).toEqual([expect.stringContaining('without a body')]);
    const variable = '/repos/{owner}/{repo}/actions/variables/{name}';
    const partial = { name: 'A', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' };
    expect(checkResponse(variable, 'GET', 200, partial)).toEqual([expect.stringContaining("'value'")]);
    expect(checkResponse(variable, 'GET', 404, { message: 'Not Found' })).toEqual([]);
    expect(checkResponse(variable, 'GET', 404, { nope: 1 })).toEqual([expect.stringContaining('no message')]);
  });
});

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
    await fake.close();
    fake = await startFakeGitHub({
      tokens: {
        'read-secrets': { secrets: 'read', variables: 'none' },
        'env-read': { environments: 'read', actions: 'none', metadata: 'none' },
      },
    });
    fake.addEnvironment(REPO.repository, 'production');

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

describe('faults', () => {
  const PUT_SECRET = '/repos/{owner}/{repo}/actions/secrets/{secret_name}';

  async function putSecret(octokit: ReturnType<typeof client>, value: string) {
    const { data: key } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/secrets/public-key',
      repoParams,
    );
    return octokit.request(`PUT ${PUT_SECRET}`, {
      ...repoParams,
      secret_name: 'KEY',
      encrypted_value: seal(key.key, value),
      key_id: key.key_id,
    });
  }

  test('status: answers the injected error for matching requests only, `times` times, without changing state', async () => {
    const octokit = client();
    fake.injectFault({ kind: 'status', method: 'PUT', route: PUT_SECRET, status: 502, times: 2 });
    const before = fake.snapshot();
    expect((await failure(putSecret(octokit, 'a'))).status).toBe(502);
    expect((await failure(putSecret(octokit, 'b'))).status).toBe(502);
    expect(fake.snapshot()).toBe(before);
    expect((await putSecret(octokit, 'c')).status).toBe(201);
    expect(fake.secret(REPO, 'KEY')).toBe('c');
    expect(fake.callCount('GET', '/repos/{owner}/{repo}/actions/secrets/public-key')).toBe(3);
    expect(fake.calls.filter((c) => c.method === 'PUT').map((c) => c.status)).toEqual([502, 502, 201]);

    fake.injectFault({
      kind: 'status',
      status: 500,
      headers: { 'x-custom': 'yes' },
      body: { message: 'boom' },
    });
    const custom = await failure(octokit.request('GET /repos/{owner}/{repo}', repoParams));
    expect(custom.status).toBe(500);
    expect(custom.response?.headers['x-custom']).toBe('yes');
    expect(custom.response?.data).toEqual({ message: 'boom' });
  });

  test('drop: the connection is destroyed without an answer', async () => {
    const octokit = client();
    fake.injectFault({ kind: 'drop', route: PUT_SECRET });
    // Octokit turns the closed socket into a RequestError with status 500 (what retry logic sees).
    const error = await failure(putSecret(octokit, 'a'));
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/other side closed|fetch failed/);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'PUT', route: PUT_SECRET, status: 0 });
    expect(fake.secretNames(REPO)).toEqual([]);
  });

  test('slow: answers normally after the delay', async () => {
    const octokit = client();
    fake.injectFault({ kind: 'slow', delayMs: 300, route: '/repos/{owner}/{repo}' });
    const started = Date.now();
    const { status } = await octokit.request('GET /repos/{owner}/{repo}', repoParams);
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  test('secondary-rate-limit: 403, GitHub message and retry-after', async () => {
    const octokit = client();
    fake.injectFault({ kind: 'secondary-rate-limit', retryAfter: 7 });
    const error = await failure(octokit.request('GET /repos/{owner}/{repo}/actions/variables', repoParams));
    expect(error.status).toBe(403);
    expect(error.response?.headers['retry-after']).toBe('7');
    // What @octokit/plugin-throttling looks for.
    expect(error.message).toMatch(/\bsecondary rate\b/i);
    expect((await octokit.request('GET /repos/{owner}/{repo}/actions/variables', repoParams)).status).toBe(
      200,
    );
  });
});

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
