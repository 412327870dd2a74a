// Proves the fake results service speaks the protocol of the real @actions/artifact client (Twirp JSON +
// Azure Blob block upload) and refuses what the real service refuses.
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startFakeArtifactService, type FakeArtifactService } from '../support/fake-artifact-service.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService';
const CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END CERTIFICATE REQUEST-----\n';
/** What the runner sets and the client reads; everything else is removed so the host cannot leak in. */
const RUNNER_VARS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_WORKSPACE',
  'GITHUB_SERVER_URL',
  'RUNNER_TEMP',
  'GITHUB_RETENTION_DAYS',
  'ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY',
  'ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS',
];

let service: FakeArtifactService;
let workspace: string;
let savedEnv: Record<string, string | undefined>;

beforeEach(async () => {
  service = await startFakeArtifactService();
  workspace = mkdtempSync(join(tmpdir(), 'fake-artifact-'));
  savedEnv = Object.fromEntries(RUNNER_VARS.map((name) => [name, process.env[name]]));
  for (const name of RUNNER_VARS) delete process.env[name];
  Object.assign(process.env, service.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com', // anything else is taken for GHES, which the client refuses
    RUNNER_TEMP: join(workspace, '_temp'),
  });
});

afterEach(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await service.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** Runs the real client's uploadArtifact with its workflow-command output captured instead of printed. */
async function upload(name: string, files: Record<string, string>, retentionDays?: number) {
  for (const [file, text] of Object.entries(files)) writeFileSync(join(workspace, file), text);
  const { DefaultArtifactClient } = await import('@actions/artifact');
  let output = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    const paths = Object.keys(files).map((file) => join(workspace, file));
    const result = await new DefaultArtifactClient().uploadArtifact(name, paths, workspace, {
      retentionDays,
    });
    return { result, output };
  } catch (error) {
    return { error: error as Error, output };
  } finally {
    spy.mockRestore();
  }
}

/** A raw Twirp call, as the client would make it. */
async function twirp(method: string, body: unknown, token = service.runtimeToken) {
  const res = await fetch(`${service.url.replace(/\/$/, '')}${TWIRP}/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The backend ids the client reads out of the runtime token's scp claim. */
function backendIds() {
  const claims = JSON.parse(Buffer.from(service.runtimeToken.split('.')[1], 'base64url').toString()) as {
    scp: string;
  };
  const [, run, job] = claims.scp
    .split(' ')
    .find((s) => s.startsWith('Actions.Results:'))!
    .split(':');
  return { workflow_run_backend_id: run, workflow_job_run_backend_id: job };
}

describe('with the real @actions/artifact client', () => {
  test('uploadArtifact: the fake receives a zip holding exactly that file, and the ids agree', async () => {
    const { result, error, output } = await upload(
      'mangopay-mtls-csr-sandbox',
      { 'demo-sandbox.csr': CSR },
      5,
    );
    expect(error).toBeUndefined();
    const artifacts = service.artifacts();
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]).toEqual({
      id: result?.id,
      name: 'mangopay-mtls-csr-sandbox',
      files: { 'demo-sandbox.csr': Buffer.from(CSR) },
      retentionDays: 5,
      size: result?.size,
    });
    expect(service.calls.map((c) => `${c.method} ${c.route} ${c.status}`)).toEqual([
      'POST CreateArtifact 200',
      'PUT StageBlock 201',
      'PUT CommitBlockList 201',
      'POST FinalizeArtifact 200',
    ]);
    // The client masks the SAS signature of the upload URL it was handed.
    expect(output).toMatch(/::add-mask::\S+/);
    expect(output).not.toMatch(/::error::/);
  });

  test('a second artifact with the same name is refused (409 already_exists, not retried)', async () => {
    expect((await upload('same', { 'a.csr': 'one' })).error).toBeUndefined();
    const { error } = await upload('same', { 'a.csr': 'two' });
    expect(error?.message).toMatch(/409.*already exists/);
    expect(service.artifacts().map((a) => a.files['a.csr'].toString())).toEqual(['one']);
  });

  test('without a retention the artifact has none', async () => {
    await upload('no-retention', { 'x.csr': CSR });
    expect(service.artifacts()[0].retentionDays).toBeUndefined();
  });

  test('drop on a block: the Azure SDK retries at once and the upload still succeeds', async () => {
    service.injectFault({ kind: 'drop', route: 'StageBlock' });
    const { error } = await upload('retried', { 'x.csr': CSR });
    expect(error).toBeUndefined();
    expect(service.calls.filter((c) => c.route === 'StageBlock').map((c) => c.status)).toEqual([0, 201]);
    expect(service.artifacts()[0].files['x.csr'].toString()).toBe(CSR);
  });

  test('status on CreateArtifact: a non-retryable Twirp error fails the upload, nothing is stored', async () => {
    service.injectFault({ kind: 'status', route: 'CreateArtifact', status: 403 });
    const { error } = await upload('refused', { 'x.csr': CSR });
    expect(error?.message).toMatch(/CreateArtifact.*non-retryable.*403/);
    expect(service.artifacts()).toEqual([]);
    expect(service.calls.map((c) => c.route)).toEqual(['CreateArtifact']);
  });

  test('status on the blob: an Azure error fails the upload before finalizing', async () => {
    service.injectFault({ kind: 'status', route: 'CommitBlockList', status: 403 });
    const { error } = await upload('blob-refused', { 'x.csr': CSR });
    expect(error).toBeDefined();
    expect(service.calls.map((c) => c.route)).not.toContain('FinalizeArtifact');
    expect(service.artifacts()).toEqual([]);
  });

  test('drop on FinalizeArtifact: the client reports a network error', async () => {
    service.injectFault({ kind: 'drop', route: 'FinalizeArtifact' });
    const { error } = await upload('dropped', { 'x.csr': CSR });
    expect(error?.message).toMatch(/network|ECONNRESET|socket hang up/i);
    expect(service.artifacts()).toEqual([]);
  });

  test('slow: answered after the delay, so a call sent after it is answered first', async () => {
    // Hold the slow call first, so it has certainly arrived before the other one is sent.
    const held = service.hold({ method: 'POST', route: 'CreateArtifact' });
    const uploading = upload('slow', { 'x.csr': CSR });
    await held.arrived;
    service.injectFault({ kind: 'slow', route: 'CreateArtifact', delayMs: 2000 });
    held.release();
    expect((await twirp('FinalizeArtifact', { ...backendIds(), name: 'other', size: '0' })).status).toBe(404);
    expect((await uploading).error).toBeUndefined();
    expect(service.calls.slice(0, 2).map((call) => `${call.route} ${call.status}`)).toEqual([
      'FinalizeArtifact 404',
      'CreateArtifact 200',
    ]);
  });

  test('hold: the upload waits at the held call until released; nothing is created meanwhile', async () => {
    const held = service.hold({ method: 'post', route: 'CreateArtifact' });
    const uploading = upload('held', { 'x.csr': CSR });
    expect(await held.arrived).toMatchObject({ method: 'POST', route: 'CreateArtifact' });
    expect(service.calls).toEqual([]);
    held.release();
    expect((await uploading).error).toBeUndefined();
    expect(service.artifacts().map((artifact) => artifact.name)).toEqual(['held']);
  });
});

describe('validation, as the real service does it', () => {
  test('Twirp: token, backend ids, name, version, expiry, unknown method', async () => {
    const ids = backendIds();
    const valid = { ...ids, name: 'ok', version: 7 };
    expect(await twirp('CreateArtifact', valid, 'not-the-token')).toEqual({
      status: 401,
      body: { code: 'unauthenticated', msg: expect.any(String) },
    });
    const bad = [
      { ...valid, workflow_job_run_backend_id: 'someone-else' },
      { ...valid, name: '' },
      { ...valid, name: 'a/b' },
      { ...valid, version: 3 },
      { ...valid, expires_at: '2001-01-01T00:00:00Z' },
      { ...valid, expires_at: 'soon' },
    ];
    for (const body of bad) {
      const res = await twirp('CreateArtifact', body);
      expect(res).toEqual({ status: 400, body: { code: 'invalid_argument', msg: expect.any(String) } });
    }
    expect((await twirp('MigrateArtifact', ids)).body.code).toBe('bad_route');
    const created = await twirp('CreateArtifact', valid);
    expect(created).toEqual({
      status: 200,
      body: { ok: true, signed_upload_url: expect.stringContaining('sig=') },
    });
    expect(service.artifacts()).toEqual([]);
  });

  test('Blob and Finalize: signature, block list, size and hash are checked', async () => {
    const ids = backendIds();
    const { body } = await twirp('CreateArtifact', { ...ids, name: 'manual', version: 7 });
    const signed = new URL(String(body.signed_upload_url));
    const put = (query: Record<string, string>, data: string | Buffer, url = signed) => {
      const target = new URL(url);
      for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
      return fetch(target, { method: 'PUT', body: data, headers: { 'x-ms-blob-type': 'BlockBlob' } });
    };

    const forged = new URL(signed);
    forged.searchParams.set('sig', 'forged');
    const denied = await put({}, 'x', forged);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');

    expect((await twirp('FinalizeArtifact', { ...ids, name: 'manual', size: '1' })).body.code).toBe(
      'failed_precondition',
    );

    const blockId = Buffer.from('block-000').toString('base64');
    expect((await put({ comp: 'block', blockid: blockId }, 'hello ')).status).toBe(201);
    const unknownBlock = await put(
      { comp: 'blocklist' },
      '<?xml version="1.0"?><BlockList><Latest>bm9wZQ==</Latest></BlockList>',
    );
    expect(unknownBlock.status).toBe(400);
    expect(
      (await put({ comp: 'blocklist' }, `<BlockList><Latest>${blockId}</Latest></BlockList>`)).status,
    ).toBe(201);

    const wrongSize = await twirp('FinalizeArtifact', { ...ids, name: 'manual', size: '99' });
    expect(wrongSize).toEqual({
      status: 400,
      body: { code: 'invalid_argument', msg: expect.stringMatching(/size/) },
    });
    const wrongHash = await twirp('FinalizeArtifact', {
      ...ids,
      name: 'manual',
      size: '6',
      hash: 'sha256:00',
    });
    expect(wrongHash.body.code).toBe('invalid_argument');
    expect((await twirp('FinalizeArtifact', { ...ids, name: 'other', size: '6' })).body.code).toBe(
      'not_found',
    );

    const hash = `sha256:${createHash('sha256').update('hello ').digest('hex')}`;
    const finalized = await twirp('FinalizeArtifact', { ...ids, name: 'manual', size: '6', hash });
    expect(finalized).toEqual({
      status: 200,
      body: { ok: true, artifact_id: expect.stringMatching(/^\d+$/) },
    });
    // A finalized artifact's blob can no longer be written.
    expect((await put({}, 'again')).status).toBe(403);
  });

  test('a single-shot Put Blob is accepted too', async () => {
    const ids = backendIds();
    const { body } = await twirp('CreateArtifact', { ...ids, name: 'single', version: 7 });
    const { zipSync } = await import('fflate');
    const zip = Buffer.from(zipSync({ 'a.txt': Buffer.from('A') }));
    const res = await fetch(String(body.signed_upload_url), {
      method: 'PUT',
      body: zip,
      headers: { 'x-ms-blob-type': 'BlockBlob' },
    });
    expect(res.status).toBe(201);
    const finalized = await twirp('FinalizeArtifact', { ...ids, name: 'single', size: String(zip.length) });
    expect(finalized.status).toBe(200);
    expect(service.artifacts()).toEqual([
      {
        id: Number(finalized.body.artifact_id),
        name: 'single',
        files: { 'a.txt': Buffer.from('A') },
        size: zip.length,
      },
    ]);
  });
});
