// A whole year of rotations, twice: once as the runner runs the bundle, once through the CLI on a folder.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type ActionRun } from '../support/action-runner.js';
import { asPem, REPOSITORY_TARGET as repo, runRotation, startTestBed } from '../support/e2e.js';
import { spkiSha256 } from '../support/fixtures.js';
import { tempDirSync, tempEnv } from '../support/temp.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
beforeAll(async () => {
  ca = await createTestCa();
});
afterAll(() => ca.dispose());

describe('full cycle through the bundle', () => {
  it('request → sign → promote → check → request (not due) → request (due) → sign → promote (previous kept) → check', async () => {
    const bed = await startTestBed();
    const states: string[] = [];
    const runs: ActionRun[] = [];
    const step = async (inputs: Record<string, string>) => {
      const run = await runRotation(bed, inputs);
      runs.push(run);
      expect(run.exitCode).toBe(0);
      states.push(`${inputs.mode ?? 'request'}:${run.outputs.state}`);
      return run;
    };
    try {
      const first = await step({});
      const firstCert = await ca.signCsr(first.outputs.csr, { days: 365 });
      const firstKey = bed.github.secret(repo, 'MANGOPAY_MTLS_KEY_PENDING')!;
      await step({ mode: 'promote', certificate: firstCert, 'pending-private-key': firstKey });
      const checked = await step({ mode: 'check' });
      expect(checked.outputs).toMatchObject({ due: 'false', pending: 'false', 'days-remaining': '364' });
      const notDue = await step({});
      expect(notDue.outputs['days-remaining']).toBe('364');

      // Months later: with 364 days left and renew-before-days 365, the rotation is due (same as time passing).
      const second = await step({ 'renew-before-days': '365' });
      expect(second.outputs['public-key-sha256']).not.toBe(first.outputs['public-key-sha256']);
      expect(bed.github.secret(repo, 'MANGOPAY_MTLS_KEY')).toBe(firstKey); // live credential untouched while pending
      const pending = await step({ 'renew-before-days': '365' });
      expect(pending.outputs.csr).toBe(second.outputs.csr);

      const secondCert = await ca.signCsr(second.outputs.csr, { days: 365 });
      await step({
        mode: 'promote',
        certificate: secondCert,
        'pending-private-key': bed.github.secret(repo, 'MANGOPAY_MTLS_KEY_PENDING')!,
        'current-private-key': bed.github.secret(repo, 'MANGOPAY_MTLS_KEY')!,
      });
      await step({ mode: 'check' });

      expect(states).toEqual([
        'request:requested',
        'promote:promoted',
        'check:checked',
        'request:not-due',
        'request:requested',
        'request:pending',
        'promote:promoted',
        'check:checked',
      ]);
      expect(bed.github.secretNames(repo).sort()).toEqual([
        'MANGOPAY_MTLS_KEY',
        'MANGOPAY_MTLS_KEY_PREVIOUS',
      ]);
      expect(bed.github.secret(repo, 'MANGOPAY_MTLS_KEY_PREVIOUS')).toBe(firstKey);
      expect(spkiSha256(asPem(bed.github.secret(repo, 'MANGOPAY_MTLS_KEY')!)!)).toBe(spkiSha256(secondCert));
      expect(asPem(bed.github.variable(repo, 'MANGOPAY_MTLS_CERT')!)).toBe(secondCert);
      expect(asPem(bed.github.variable(repo, 'MANGOPAY_MTLS_CERT_PREVIOUS')!)).toBe(firstCert);
      expect(bed.github.variable(repo, 'MANGOPAY_MTLS_CSR')).toBeUndefined();
      expect(bed.artifacts.map((artifact) => artifact.name)).toEqual([
        'mangopay-mtls-csr-sandbox',
        'mangopay-mtls-csr-sandbox',
        'mangopay-mtls-csr-sandbox',
      ]);
    } finally {
      await bed.close();
      await Promise.all(runs.map((run) => run.cleanup()));
    }
  });
});

describe('full cycle through the CLI (npm start)', () => {
  const run = promisify(execFile);
  const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  // tsx keeps a cache in its temp folder (tsx-<uid>): one of this file's own, removed after it.
  const cliTemp = tempDirSync('cli-temp-');
  const cli = async (cwd: string, ...args: string[]) => {
    try {
      // npm runs the script in the project folder and sets INIT_CWD to where `npm start` was typed.
      const { stdout } = await run(process.execPath, [tsx, path.join(REPO_ROOT, 'src/cli.ts'), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, INIT_CWD: cwd, ...tempEnv(cliTemp) },
      });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('rotates twice in a folder, keeping the previous credential, with 0600 key files', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'cli-cycle-'));
    const state = path.join(cwd, 'mtls-state');
    const file = (...parts: string[]) => path.join(state, ...parts);
    const args = ['--client-id', 'demo', '--state-dir', './mtls-state'];
    try {
      const first = await cli(cwd, 'request', ...args);
      expect(first.stdout).toMatch(/^requested: /);
      const csr = await readFile(file('variables', 'MANGOPAY_MTLS_CSR'), 'utf8');
      expect(await readFile(file('artifacts', 'mangopay-mtls-csr-sandbox', 'demo-sandbox.csr'), 'utf8')).toBe(
        csr,
      );
      expect((await stat(file('secrets', 'MANGOPAY_MTLS_KEY_PENDING'))).mode & 0o777).toBe(0o600);

      expect((await cli(cwd, 'request', ...args)).stdout).toMatch(/^pending: /);
      await writeFile(path.join(cwd, 'issued.pem'), await ca.signCsr(csr, { days: 365 }));
      expect((await cli(cwd, 'promote', ...args, '--certificate-file', 'issued.pem')).stdout).toMatch(
        /^promoted: /,
      );
      expect((await cli(cwd, 'check', ...args)).stdout).toMatch(/^checked: OK: .*\(364 days\)/);
      expect((await cli(cwd, 'request', ...args)).stdout).toMatch(/^not-due: /);
      const firstKey = await readFile(file('secrets', 'MANGOPAY_MTLS_KEY'), 'utf8');

      expect((await cli(cwd, 'request', ...args, '--renew-before-days', '365')).stdout).toMatch(
        /^requested: /,
      );
      const csr2 = await readFile(file('variables', 'MANGOPAY_MTLS_CSR'), 'utf8');
      const secondCert = await ca.signCsr(csr2, { days: 365 });
      await writeFile(path.join(cwd, 'issued2.pem'), secondCert);
      expect((await cli(cwd, 'promote', ...args, '--certificate-file', 'issued2.pem')).stdout).toMatch(
        /^promoted: /,
      );

      expect(await readFile(file('secrets', 'MANGOPAY_MTLS_KEY_PREVIOUS'), 'utf8')).toBe(firstKey);
      expect((await stat(file('secrets', 'MANGOPAY_MTLS_KEY'))).mode & 0o777).toBe(0o600);
      expect(spkiSha256(asPem(await readFile(file('secrets', 'MANGOPAY_MTLS_KEY'), 'utf8'))!)).toBe(
        spkiSha256(secondCert),
      );
      await expect(stat(file('secrets', 'MANGOPAY_MTLS_KEY_PENDING'))).rejects.toThrow();
      await expect(stat(file('variables', 'MANGOPAY_MTLS_CSR'))).rejects.toThrow();

      // Errors: one line, exit code 1.
      const bad = await cli(cwd, 'request', '--client-id', 'a/b', '--state-dir', './mtls-state');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe(
        `error: Input 'client-id': expected letters, digits, "-" and "_" only, starting with a letter or digit (it becomes part of the certificate CN)\n`,
      );
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
