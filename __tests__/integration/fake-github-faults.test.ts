// The GitHub fake's injected faults and holds (explicit interleavings).
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

useFakeGitHub();

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

  test('slow: the request is answered after the delay, so a request sent after it is answered first', async () => {
    const octokit = client();
    // Hold the slow request first, so it has certainly arrived before the other one is sent.
    const held = fake.hold({ method: 'GET', route: '/repos/{owner}/{repo}' });
    const slow = octokit.request('GET /repos/{owner}/{repo}', repoParams);
    await held.arrived;
    fake.injectFault({ kind: 'slow', delayMs: 2000, route: '/repos/{owner}/{repo}' });
    held.release();
    await octokit.request('GET /repos/{owner}/{repo}/actions/variables', repoParams);
    expect((await slow).status).toBe(200);
    expect(fake.calls.map((c) => `${c.method} ${c.route} ${c.status}`)).toEqual([
      'GET /repos/{owner}/{repo}/actions/variables 200',
      'GET /repos/{owner}/{repo} 200',
    ]);
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

describe('holds', () => {
  const VARIABLE = '/repos/{owner}/{repo}/actions/variables/{name}';

  test('the next matching request waits until released, and its write lands only then', async () => {
    const octokit = client();
    await octokit.request('POST /repos/{owner}/{repo}/actions/variables', {
      ...repoParams,
      name: 'X',
      value: '1',
    });
    const held = fake.hold({ method: 'patch', route: VARIABLE });
    const patching = octokit.request(`PATCH ${VARIABLE}`, { ...repoParams, name: 'X', value: '2' });
    expect(await held.arrived).toEqual({
      method: 'PATCH',
      path: '/repos/octo-org/payments/actions/variables/X',
      route: VARIABLE,
    });
    expect(fake.variable(REPO, 'X')).toBe('1');

    // Meanwhile other requests pass, the same route included: a hold catches one request.
    await octokit.request(`PATCH ${VARIABLE}`, { ...repoParams, name: 'X', value: '3' });
    expect(fake.variable(REPO, 'X')).toBe('3');

    held.release();
    held.release(); // harmless
    expect((await patching).status).toBe(204);
    expect(fake.variable(REPO, 'X')).toBe('2');
    expect(fake.calls.filter((c) => c.method === 'PATCH').map((c) => c.status)).toEqual([204, 204]);
  });

  test('holds are matched by method and route, in the order they were placed; faults apply after release', async () => {
    const octokit = client();
    const first = fake.hold({ method: 'GET', route: '/repos/{owner}/{repo}' });
    const second = fake.hold({ method: 'GET', route: '/repos/{owner}/{repo}' });
    fake.injectFault({ kind: 'status', status: 502, route: '/repos/{owner}/{repo}' });
    const a = failure(octokit.request('GET /repos/{owner}/{repo}', repoParams));
    await first.arrived;
    const b = octokit.request('GET /repos/{owner}/{repo}', repoParams);
    await second.arrived;
    expect(fake.calls).toEqual([]);

    first.release();
    expect((await a).status).toBe(502); // the fault went to the first request released
    second.release();
    expect((await b).status).toBe(200);
  });
});
