// mode: export through the bundle under Node 24, main and post step as the runner runs them: the deploy job
// gets a matching, valid pair as files and outputs, without a token or a GitHub call, and the post step
// removes the files when the job ends.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, runAction, type ActionRun } from '../support/action-runner.js';
import { expectHandedOut, runExport } from '../support/export-run.js';
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { issuedCredential, spkiSha256 } from '../support/fixtures.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { tempDir } from '../support/temp.js';

let ca: TestCa;
let github: FakeGitHub;
/** The action with dist/index.js but none of its lazily loaded chunks (Octokit, libsodium, the artifact client). */
let bareAction: string;
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };
let expired: { keyPem: string; certPem: string };
const runs: ActionRun[] = [];
const b64 = (text: string) => Buffer.from(text).toString('base64');
const crlf = (text: string) => `  \r\n${text.replace(/\n/g, '\r\n')}  \n`;
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString().replace('.000Z', 'Z');

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
  [current, previous, expired] = [
    await issuedCredential(ca, { daysLeft: 300 }),
    await issuedCredential(ca, { daysLeft: 100, daysAgo: 200 }),
    await issuedCredential(ca, { daysLeft: -2, daysAgo: 360 }),
  ];
  github = await startFakeGitHub();
  bareAction = await tempDir('export-bare-action-');
  await cp(path.join(REPO_ROOT, 'action.yml'), path.join(bareAction, 'action.yml'));
  await mkdir(path.join(bareAction, 'dist'));
  for (const file of ['index.js', 'package.json', 'post']) {
    await cp(path.join(REPO_ROOT, 'dist', file), path.join(bareAction, 'dist', file), { recursive: true });
  }
});
afterAll(async () => {
  await Promise.all([ca.dispose(), github.close()]);
});
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

const KNOWN = () => [current.keyPem, previous.keyPem, expired.keyPem];

async function exportRun(
  inputs: Record<string, string>,
  between?: (main: ActionRun) => Promise<void> | void,
  actionDir?: string,
): Promise<ActionRun> {
  const run = await runExport(inputs, { apiUrl: github.url, knownKeys: KNOWN(), between, actionDir });
  runs.push(run);
  return run;
}

/** What the job's later steps see: both files, their modes, their content. */
interface Seen {
  key: string;
  certificate: string;
  keyMode: number;
  folder: string;
}

describe('export', () => {
  it('hands out the current pair as files and outputs, with no token and no GitHub call, and the post step removes them', async () => {
    let seen: Seen | undefined;
    const run = await exportRun(
      {
        'private-key': b64(current.keyPem),
        certificate: crlf(current.certPem),
        'previous-private-key': previous.keyPem,
        'previous-certificate': b64(previous.certPem),
      },
      async (main) => {
        seen = {
          key: await readFile(main.outputs['key-path'], 'utf8'),
          certificate: await readFile(main.outputs['certificate-path'], 'utf8'),
          keyMode: statSync(main.outputs['key-path']).mode & 0o777,
          folder: path.dirname(main.outputs['key-path']),
        };
      },
      bareAction,
    );
    expectHandedOut(run, 'current', current, 299);
    expect(seen).toEqual({
      key: current.keyPem,
      certificate: current.certPem,
      keyMode: 0o600,
      folder: expect.stringMatching(new RegExp(`^${run.dirs.runnerTemp}/mangopay-mtls-export-`)),
    });
    expect(path.dirname(run.outputs['certificate-path'])).toBe(seen?.folder);
    // Gone after the post step; the main step handed the folder over in its state.
    expect(run.post?.state).toEqual({ 'export-folder': seen?.folder });
    expect(existsSync(seen?.folder ?? '/')).toBe(false);
    expect(github.calls).toEqual([]);
    expect(run.summary).toContain('exported');
  });

  it('falls back to the previous pair when the current one is torn, naming both public keys of the current pair', async () => {
    // A deploy that starts while a promote is between its key and its certificate writes.
    const run = await exportRun({
      'private-key': current.keyPem,
      certificate: previous.certPem,
      'previous-private-key': previous.keyPem,
      'previous-certificate': previous.certPem,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      used: 'previous',
      'key-base64': b64(previous.keyPem),
      'certificate-base64': b64(previous.certPem),
      'public-key-sha256': spkiSha256(previous.certPem),
    });
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toContain('Handed out the previous key and certificate');
    expect(run.warnings[0]).toContain(spkiSha256(current.keyPem));
    expect(run.warnings[0]).toContain(spkiSha256(previous.certPem));
    expect(github.calls).toEqual([]);
  });

  it('warns with the days left within renew-before-days', async () => {
    const run = await exportRun({
      'private-key': current.keyPem,
      certificate: current.certPem,
      'renew-before-days': '365',
    });
    expect(run.exitCode).toBe(0);
    expect(run.warnings).toEqual([expect.stringContaining('299 days left (renew-before-days is 365)')]);
  });

  it.each([
    [
      'an expired current pair and no previous one: its notAfter date',
      () => ({ 'private-key': expired.keyPem, certificate: expired.certPem }),
      () => `the current certificate expired on ${iso(expired.certPem)}`,
    ],
    [
      'two mismatched pairs: what disagrees',
      () => ({
        'private-key': current.keyPem,
        certificate: previous.certPem,
        'previous-private-key': previous.keyPem,
        'previous-certificate': current.certPem,
      }),
      () =>
        `the previous key (public key SHA-256 ${spkiSha256(previous.keyPem)}) does not match the previous ` +
        `certificate (public key SHA-256 ${spkiSha256(current.certPem)})`,
    ],
  ])('refuses %s, and leaves no key file', async (_name, inputs, message) => {
    let between: string[] = [];
    const run = await exportRun(inputs(), (main) => {
      between = main.leftovers();
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringContaining(message())]);
    expect(run.outputs).toEqual({});
    // Not even while the job goes on: nothing was made, so the post step has nothing to remove.
    expect(between).toEqual([]);
    expect(run.post?.state).toEqual({});
    expect(run.post?.log).toBe('');
  });

  it('refuses only one of previous-private-key and previous-certificate, naming both', async () => {
    const run = await exportRun({
      'private-key': current.keyPem,
      certificate: current.certPem,
      'previous-private-key': previous.keyPem,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^Input 'previous-certificate': previous-private-key and previous-certificate go together/,
      ),
    ]);
  });
});

describe('the post step', () => {
  it('is quiet and harmless after another mode', async () => {
    const run = await runAction({
      apiUrl: github.url,
      inputs: { mode: 'check', 'client-id': 'acme', 'github-token': FAKE_TOKEN },
      post: {},
    });
    runs.push(run);
    expect(run.exitCode).toBe(0);
    expect(run.post).toMatchObject({ exitCode: 0, log: '', state: {} });
  });

  it('removes only the folder the export step makes under RUNNER_TEMP', async () => {
    const outside = await tempDir('mangopay-mtls-export-');
    await writeFile(path.join(outside, 'keep'), 'x');
    const forged: string[] = [];
    for (const folder of [outside, 'relative/mangopay-mtls-export-abcdef']) {
      // A forged state: the export's own folder is then left for the runner (the test cleans it up).
      const run = await runAction({
        apiUrl: github.url,
        inputs: { mode: 'export', 'private-key': current.keyPem, certificate: current.certPem },
        post: { env: { 'STATE_export-folder': folder } },
      });
      runs.push(run);
      expect(run.exitCode).toBe(0);
      expect(run.post?.exitCode).toBe(0);
      forged.push(...(run.post?.warnings ?? []));
    }
    expect(forged).toEqual([
      `Not removing "${outside}": it is not directly under RUNNER_TEMP.`,
      'Not removing "relative/mangopay-mtls-export-abcdef": it is not directly under RUNNER_TEMP.',
    ]);
    expect(existsSync(path.join(outside, 'keep'))).toBe(true);
  });
});
