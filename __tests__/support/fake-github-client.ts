// Shared by the fake-github*.test.ts files: a real Octokit and libsodium (what the product uses) against a
// fresh fake per test, with every response the client sees checked against GitHub's OpenAPI description.
import { afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { getOctokit } from '@actions/github';
import { RequestError } from '@octokit/request-error';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type Target } from './fake-github.js';
import { checkResponse, matchRoute } from './openapi.js';

export const REPO: Target = { repository: 'octo-org/payments' };
export const PROD: Target = { repository: 'octo-org/payments', environment: 'production' };
export const repoParams = { owner: 'octo-org', repo: 'payments' };
export const envParams = { ...repoParams, environment_name: 'production' };

/** The fake of the running test (replaced by `restartFake`). */
export let fake: FakeGitHub;
/** Every response the clients saw that GitHub's description does not allow. */
let responseViolations: string[];

/** A real Octokit against the fake; a hook checks every response (success or error) against the OpenAPI. */
export function client(token = fake.token) {
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
export function seal(keyBase64: string, plaintext: string): string {
  const { base64_variants: variants } = sodium;
  const box = sodium.crypto_box_seal(plaintext, sodium.from_base64(keyBase64, variants.ORIGINAL));
  return sodium.to_base64(box, variants.ORIGINAL);
}

/** The status and body of a request expected to fail. */
export async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('request unexpectedly succeeded');
}

/** Installs the hooks: a fresh fake (with a `production` environment) per test, responses checked after it. */
export function useFakeGitHub(): void {
  beforeAll(async () => {
    await sodium.ready;
  });
  beforeEach(async () => {
    await startFake();
  });
  afterEach(async () => {
    await fake.close();
    expect(responseViolations).toEqual([]);
  });
}

/** Replaces the test's fake with a new one, e.g. with other tokens. */
export async function restartFake(options?: FakeGitHubOptions): Promise<void> {
  await fake.close();
  await startFake(options);
}

async function startFake(options?: FakeGitHubOptions): Promise<void> {
  fake = await startFakeGitHub(options);
  fake.addEnvironment(REPO.repository, 'production');
  responseViolations = [];
}
