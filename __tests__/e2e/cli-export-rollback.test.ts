// The command-line twin's export and rollback over a state folder (npm start -- export / rollback).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/action-runner.js';
import { issuedCredential } from '../support/fixtures.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { tempDir, tempDirSync, tempEnv } from '../support/temp.js';

const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
// tsx keeps a cache in its temp folder (tsx-<uid>): one of this file's own, removed after it.
const cliTemp = tempDirSync('cli-temp-');
const b64 = (text: string) => Buffer.from(text).toString('base64');
let ca: TestCa;
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };

beforeAll(async () => {
  ca = await createTestCa();
  current = await issuedCredential(ca, { daysLeft: 300 });
  previous = await issuedCredential(ca, { daysLeft: 100 });
});
afterAll(() => ca.dispose());

async function cli(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [tsx, path.join(REPO_ROOT, 'src/cli.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, INIT_CWD: cwd, ...tempEnv(cliTemp) } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('CLI export and rollback', () => {
  it('export writes the folder pair to --output-dir; rollback swaps; export then hands out the other pair', async () => {
    const cwd = await tempDir('cli-export-');
    {
      const state = path.join(cwd, 'mtls-state');
      await mkdir(path.join(state, 'secrets'), { recursive: true });
      await mkdir(path.join(state, 'variables'));
      await writeFile(path.join(state, 'secrets', 'MANGOPAY_MTLS_KEY'), b64(current.keyPem), { mode: 0o600 });
      await writeFile(path.join(state, 'secrets', 'MANGOPAY_MTLS_KEY_PREVIOUS'), previous.keyPem, {
        mode: 0o600,
      });
      await writeFile(path.join(state, 'variables', 'MANGOPAY_MTLS_CERT'), b64(current.certPem));
      await writeFile(path.join(state, 'variables', 'MANGOPAY_MTLS_CERT_PREVIOUS'), previous.certPem);
      const exportTo = (dir: string) =>
        cli(cwd, 'export', '--state-dir', './mtls-state', '--output-dir', dir);

      const first = await exportTo('out');
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toMatch(/^exported: Handed out the current key and certificate/);
      expect(await readFile(path.join(cwd, 'out', 'client-key.pem'), 'utf8')).toBe(current.keyPem);
      expect(await readFile(path.join(cwd, 'out', 'client-certificate.pem'), 'utf8')).toBe(current.certPem);
      expect((await stat(path.join(cwd, 'out', 'client-key.pem'))).mode & 0o777).toBe(0o600);

      const rolled = await cli(cwd, 'rollback', '--client-id', 'demo', '--state-dir', './mtls-state');
      expect(rolled.code).toBe(0);
      expect(rolled.stdout).toMatch(
        /^rolled-back: Rolled back: MANGOPAY_MTLS_KEY \/ MANGOPAY_MTLS_CERT hold/,
      );
      expect(await readFile(path.join(state, 'secrets', 'MANGOPAY_MTLS_KEY'), 'utf8')).toBe(
        b64(previous.keyPem),
      );
      expect(await readFile(path.join(state, 'variables', 'MANGOPAY_MTLS_CERT_PREVIOUS'), 'utf8')).toBe(
        b64(current.certPem),
      );

      await exportTo('out');
      expect(await readFile(path.join(cwd, 'out', 'client-key.pem'), 'utf8')).toBe(previous.keyPem);

      const missing = await cli(cwd, 'export', '--state-dir', './mtls-state');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(
        'error: export needs --output-dir <folder>: where to write the key and certificate files\n',
      );
    }
  });
});
