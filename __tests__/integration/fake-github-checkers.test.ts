// The independent checkers the GitHub fake relies on: sealed-box.ts (not libsodium) and openapi.ts.
import { beforeAll, describe, expect, test } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { checkQuery, checkRequestBody, checkResponse, matchRoute } from '../support/openapi.js';
import { generateKeyPair, openSealedBox, sealBox } from '../support/sealed-box.js';

beforeAll(async () => {
  await sodium.ready;
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

  test('checks query strings: documented names, integers, date-times', () => {
    const comments = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
    const query = (text: string) => new URLSearchParams(text);
    expect(checkQuery(comments, 'GET', query('since=2026-03-01T10:00:05Z&per_page=100&page=2'))).toEqual([]);
    expect(checkQuery(comments, 'GET', query('since=yesterday'))).toEqual([expect.stringContaining('since')]);
    expect(checkQuery(comments, 'GET', query('per_page=many'))).toEqual([
      expect.stringContaining('per_page'),
    ]);
    expect(checkQuery(comments, 'GET', query('sort=created'))).toEqual([
      expect.stringContaining('query parameter sort is not documented'),
    ]);
    const issues = '/repos/{owner}/{repo}/issues';
    expect(checkQuery(issues, 'GET', query('state=open&labels=x'))).toEqual([]);
    expect(checkQuery(issues, 'GET', query('state=opened'))).toEqual([expect.stringContaining('state')]);
  });
});
