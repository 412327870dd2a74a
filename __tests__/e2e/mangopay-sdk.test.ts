// The real Mangopay Node SDK (mangopay4-nodejs-sdk, pinned) authenticating over mTLS, with what export hands
// out, in both forms the SDK takes: `key`/`cert` (base64 of the PEM, the outputs) and `keyFilePath`/
// `certFilePath` (the files). The server is a local node:https server on 127.0.0.1 that demands a client
// certificate from its CA, standing in for api-mtls.sandbox.mangopay.com; the SDK's baseUrl points at it.
// Controls that must fail: a certificate another CA signed, and the previous key with the current certificate.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type ActionRun } from '../support/action-runner.js';
import { runExport } from '../support/export-run.js';
import { issuedCredential } from '../support/fixtures.js';
import { startMtlsServer, type MtlsServer } from '../support/mtls-server.js';
import { node24Path } from '../support/node24.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { tempDir, tempEnv } from '../support/temp.js';

const TOKEN = { token_type: 'bearer', access_token: 'sdk-test-token', expires_in: 3600 };

// Runs in a Node 24 process of its own, as a deploy step would: the SDK as published, configured from the
// environment. NODE_EXTRA_CA_CERTS makes it trust the local server (the SDK's `ca` option would replace
// Node's trust store, which users should not do).
const SDK_SCRIPT = `
const Api = require(process.env.SDK);
const forms = {
  base64: { key: process.env.KEY_BASE64, cert: process.env.CERT_BASE64 },
  paths: { keyFilePath: process.env.KEY_PATH, certFilePath: process.env.CERT_PATH },
};
const api = new Api({
  clientId: 'acme',
  clientApiKey: 'api-key',
  baseUrl: process.env.BASE_URL,
  connectionTimeout: 10000,
  responseTimeout: 10000,
  errorHandler: () => undefined,
  ...forms[process.env.FORM],
});
api.authorize().then(
  (answer) => console.log('authorized ' + answer.access_token),
  (error) => console.log('refused ' + (typeof error === 'string' ? error : JSON.stringify(error))),
);
`;

let ca: TestCa;
let otherCa: TestCa;
let server: MtlsServer;
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };
let foreign: { keyPem: string; certPem: string };
const runs: ActionRun[] = [];

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([
    createTestCa({ commonName: 'Mangopay Test CA' }),
    createTestCa({ commonName: 'Another CA' }),
  ]);
  current = await issuedCredential(ca, { daysLeft: 300 });
  previous = await issuedCredential(ca, { daysLeft: 100 });
  foreign = await issuedCredential(otherCa, { daysLeft: 300 });
  const tls = await ca.issueServerCert();
  server = await startMtlsServer({
    ca: ca.certPem,
    serverKey: tls.keyPem,
    serverCert: tls.certPem,
    answer: (method, url) =>
      method === 'POST' && url === '/v2.01/oauth/token'
        ? { status: 200, contentType: 'application/json', body: JSON.stringify(TOKEN) }
        : { status: 404, contentType: 'application/json', body: '{}' },
  });
});
afterAll(async () => {
  await Promise.all([server.close(), ca.dispose(), otherCa.dispose()]);
});
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

/** The SDK's authorize() over mTLS with the export's outputs (one of its two forms); its one-line outcome. */
async function authorize(outputs: Record<string, string>, form: 'base64' | 'paths'): Promise<string> {
  const { stdout } = await promisify(execFile)(await node24Path(), ['-e', SDK_SCRIPT], {
    env: {
      ...tempEnv(await tempDir('mangopay-sdk-')),
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: ca.certPath,
      SDK: path.join(REPO_ROOT, 'node_modules/mangopay4-nodejs-sdk'),
      BASE_URL: server.url.replace(/\/$/, ''),
      FORM: form,
      KEY_BASE64: outputs['key-base64'],
      CERT_BASE64: outputs['certificate-base64'],
      KEY_PATH: outputs['key-path'],
      CERT_PATH: outputs['certificate-path'],
    },
    timeout: 30_000,
  });
  return stdout.trim();
}

/** Exports `inputs`, then, while the job still runs, authenticates with the SDK in both forms. */
async function exportThenAuthorize(
  inputs: Record<string, string>,
): Promise<{ base64: string; paths: string }> {
  const outcome = { base64: '', paths: '' };
  const run = await runExport(inputs, {
    knownKeys: [current.keyPem, previous.keyPem, foreign.keyPem],
    between: async (main) => {
      expect(main.exitCode).toBe(0);
      outcome.base64 = await authorize(main.outputs, 'base64');
      outcome.paths = await authorize(main.outputs, 'paths');
    },
  });
  runs.push(run);
  return outcome;
}

describe('the Mangopay Node SDK with what export hands out', () => {
  it('authenticates over mTLS with the outputs (key, cert) and with the files (keyFilePath, certFilePath)', async () => {
    const before = server.accepted.length;
    expect(
      await exportThenAuthorize({ 'private-key': current.keyPem, certificate: current.certPem }),
    ).toEqual({
      base64: 'authorized sdk-test-token',
      paths: 'authorized sdk-test-token',
    });
    // The server saw the exported certificate, twice, on the OAuth call.
    const fingerprint = new X509Certificate(current.certPem).fingerprint256;
    expect(server.accepted.slice(before)).toEqual([
      expect.objectContaining({ fingerprint256: fingerprint, request: 'POST /v2.01/oauth/token' }),
      expect.objectContaining({ fingerprint256: fingerprint, request: 'POST /v2.01/oauth/token' }),
    ]);
  });

  it('authenticates with the previous pair export falls back to when the current one is torn', async () => {
    const before = server.accepted.length;
    const outcome = await exportThenAuthorize({
      'private-key': current.keyPem,
      certificate: previous.certPem,
      'previous-private-key': previous.keyPem,
      'previous-certificate': previous.certPem,
    });
    expect(outcome).toEqual({ base64: 'authorized sdk-test-token', paths: 'authorized sdk-test-token' });
    expect(server.accepted.slice(before).map((client) => client.fingerprint256)).toEqual([
      new X509Certificate(previous.certPem).fingerprint256,
      new X509Certificate(previous.certPem).fingerprint256,
    ]);
  });

  it('control: a certificate the server CA did not sign is refused by the server', async () => {
    const [before, refusedBefore] = [server.accepted.length, server.refused];
    const outcome = await exportThenAuthorize({
      'private-key': foreign.keyPem,
      certificate: foreign.certPem,
    });
    expect(outcome.base64).toMatch(/^refused /);
    expect(outcome.paths).toMatch(/^refused /);
    expect(server.accepted.length).toBe(before);
    expect(server.refused).toBeGreaterThan(refusedBefore);
  });

  it('control: the previous key with the current certificate (a torn pair handed out as is) fails', async () => {
    const before = server.accepted.length;
    const torn = {
      'key-base64': Buffer.from(previous.keyPem).toString('base64'),
      'certificate-base64': Buffer.from(current.certPem).toString('base64'),
      'key-path': '',
      'certificate-path': '',
    };
    expect(await authorize(torn, 'base64')).toMatch(/^refused .*key values mismatch/);
    expect(server.accepted.length).toBe(before);
  });
});
