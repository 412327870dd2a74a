// The command-line twin at organization scope: the folder store keeps it in <state-dir>/organization/.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/action-runner.js';
import { tempDirSync, tempEnv } from '../support/temp.js';

const run = promisify(execFile);
const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
// tsx keeps a cache in its temp folder (tsx-<uid>): one of this file's own, removed after it.
const cliTemp = tempDirSync('cli-temp-');

async function cli(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [tsx, path.join(REPO_ROOT, 'src/cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, INIT_CWD: cwd, ...tempEnv(cliTemp) },
  });
  return stdout;
}

describe('CLI, --secret-scope organization', () => {
  it('stores under <state-dir>/organization/ and reads it back there', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'cli-org-'));
    const state = path.join(cwd, 'mtls-state');
    const args = ['--client-id', 'demo', '--state-dir', './mtls-state', '--secret-scope', 'organization'];
    try {
      expect(await cli(cwd, 'request', ...args, '--organization-visibility', 'private')).toMatch(
        /^requested: /,
      );
      expect(await readdir(path.join(state, 'organization', 'secrets'))).toEqual([
        'MANGOPAY_MTLS_KEY_PENDING',
      ]);
      expect(await readdir(path.join(state, 'organization', 'variables'))).toEqual(['MANGOPAY_MTLS_CSR']);
      expect(
        (await stat(path.join(state, 'organization', 'secrets', 'MANGOPAY_MTLS_KEY_PENDING'))).mode & 0o777,
      ).toBe(0o600);
      // Nothing at repository scope in the same folder.
      expect((await readdir(state)).sort()).toEqual(['artifacts', 'organization']);
      expect(await cli(cwd, 'request', ...args)).toMatch(/^pending: /);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
