/**
 * The Windows tier: dist/index.js as a Windows runner starts it, a Windows node.exe spawning the Windows
 * openssl.exe, under Wine (windows-runner.ts, ../shared/windows). Every run goes through runRotation, so it gets
 * the Linux e2e checks (no key in the log, masks before use, nothing of the key left in RUNNER_TEMP or the
 * workspace), with Windows paths (drive letter, spaces) and CRLF wherever Windows writes them.
 *
 * A Wine run takes 3-10 s, so each case starts its runs at once (beforeAll) and its test awaits them: cases
 * that do not depend on each other run side by side (the runner allows three Wine runs at once). A new case
 * is one more entry in `cases` and one more test; `mode: export` is one, run with its post step.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActionRun } from '../support/action-runner.js';
import { parseCsr } from '../support/csr-der.js';
import { expectHandedOut } from '../support/export-run.js';
import { asPem, REPOSITORY_TARGET as repo, startTestBed, type TestBed } from '../support/e2e.js';
import { CERT, CSR, issuedCredential, KEY, PENDING, spkiSha256 } from '../support/fixtures.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import {
  describeWindows,
  runExportOnWindows,
  runRotationOnWindows,
  windowsPath,
  WINDOWS_OPENSSL,
  WINDOWS_OPENSSL_DIR,
  type WindowsRotationOptions,
} from '../support/windows-runner.js';

// Every case: RUNNER_TEMP with a space, as `D:\a\_temp` never has but a self-hosted runner may.
const RUNNER_TEMP_NAME = 'runner temp';

const b64 = (text: string) => Buffer.from(text).toString('base64');
/** A PEM as a Windows user may hold it in a secret or variable: base64 of the PEM with CRLF line ends. */
const crlfBase64 = (pem: string) => b64(pem.replace(/\n/g, '\r\n'));
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString().replace('.000Z', 'Z');
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Pair = { keyPem: string; certPem: string };

// No case sets OPENSSL_CONF: openssl.exe's compiled-in config (/usr/local/ssl/openssl.cnf) does not exist under
// Wine, and the runner image's OpenSSL install sets no OPENSSL_CONF either; the action gives each `req` its own
// -config file, so these runs show that it needs no default config.

describeWindows('The bundle on Windows (node.exe and openssl.exe under Wine)', () => {
  let ca: TestCa;
  /** This file's own folder: the fallback's Program Files, the promote's workspace. */
  let own: string;
  const beds: TestBed[] = [];
  const runs: ActionRun[] = [];

  async function bed(): Promise<TestBed> {
    const started = await startTestBed();
    beds.push(started);
    return started;
  }

  async function rotate(
    on: TestBed,
    inputs: Record<string, string>,
    options: WindowsRotationOptions = {},
  ): Promise<ActionRun> {
    const run = await runRotationOnWindows(on, inputs, {
      dirNames: { runnerTemp: RUNNER_TEMP_NAME },
      ...options,
    });
    runs.push(run);
    return run;
  }

  /** Request with openssl.exe found on PATH (its folder), then promote its CSR's certificate from a file. */
  async function requestThenPromote() {
    const testBed = await bed();
    const request = await rotate(testBed, {}, { pathDirs: [WINDOWS_OPENSSL_DIR] });
    // What the request left, before the promote changes it.
    const requested = {
      pendingSecret: testBed.github.secret(repo, PENDING),
      csrVariable: testBed.github.variable(repo, CSR),
      secretNames: testBed.github.secretNames(repo),
      artifacts: [...testBed.artifacts],
    };
    const { pendingSecret } = requested;
    const csr = request.outputs.csr;
    if (request.exitCode !== 0 || pendingSecret === undefined || csr === undefined) {
      return { testBed, request, requested, promote: undefined };
    }
    // The certificate Mangopay would issue, saved on Windows: CRLF, in a folder with a space.
    const certificate = await ca.signCsr(csr, { days: 365 });
    const workspace = path.join(own, 'promote workspace');
    const certificateFile = path.join(workspace, 'certs', 'issued cert.pem');
    await mkdir(path.dirname(certificateFile), { recursive: true });
    await writeFile(certificateFile, certificate.replace(/\n/g, '\r\n'));
    // Only the openssl-path input names openssl.exe: not on PATH, not in an install folder.
    const promote = await rotate(
      testBed,
      {
        mode: 'promote',
        'certificate-file': windowsPath(certificateFile),
        'pending-private-key': pendingSecret,
        'openssl-path': windowsPath(WINDOWS_OPENSSL),
      },
      { binds: [WINDOWS_OPENSSL_DIR, workspace], env: { GITHUB_WORKSPACE: windowsPath(workspace) } },
    );
    return { testBed, request, requested, promote, pendingSecret, certificate, workspace };
  }

  /** A request whose openssl.exe is only in `<ProgramFiles>\Git\mingw64\bin` (one of the install folders). */
  async function fallback(withOpenSsl: boolean) {
    const programFiles = path.join(own, withOpenSsl ? 'Program Files' : 'Program Files without OpenSSL');
    const bin = path.join(programFiles, 'Git', 'mingw64', 'bin');
    await mkdir(bin, { recursive: true });
    if (withOpenSsl) await copyFile(WINDOWS_OPENSSL, path.join(bin, 'openssl.exe'));
    const testBed = await bed();
    const before = testBed.github.snapshot();
    const run = await rotate(testBed, {}, { programFiles, binds: [programFiles] });
    return { testBed, before, run };
  }

  /** Check of a certificate stored as PEM with CRLF line ends, as one pasted on Windows would be. */
  async function check() {
    const testBed = await bed();
    const current = await issuedCredential(ca, { daysLeft: 200 });
    testBed.github.setVariable(repo, CERT, current.certPem.replace(/\n/g, '\r\n'));
    const run = await rotate(testBed, { mode: 'check' }, { pathDirs: [WINDOWS_OPENSSL_DIR] });
    return { run };
  }

  /** The export cases' pairs, made by the test CA once: the current one and the previous one. */
  let pairs: Promise<{ current: Pair; previous: Pair }>;

  /** What the job's later steps see between the export's main and post step. */
  interface Seen {
    key: Buffer;
    certificate: Buffer;
    /** The main step's GITHUB_STATE file as node.exe wrote it. */
    stateFile: string;
  }

  /** export, its inputs base64 of CRLF PEM; the files read while the job runs, then the post step. */
  async function exportThenPost() {
    const { current, previous } = await pairs;
    const testBed = await bed();
    let seen: Seen | undefined;
    const run = await exportOnWindows(
      testBed,
      {
        'private-key': crlfBase64(current.keyPem),
        certificate: crlfBase64(current.certPem),
        'previous-private-key': crlfBase64(previous.keyPem),
        'previous-certificate': crlfBase64(previous.certPem),
      },
      async (main) => {
        seen = {
          key: await readFile(main.hostPath(main.outputs['key-path'])),
          certificate: await readFile(main.hostPath(main.outputs['certificate-path'])),
          stateFile: await readFile(main.files.fileCommands.STATE, 'utf8'),
        };
      },
    );
    return { testBed, run, seen, current };
  }

  /** export of a torn current pair (a promote between its two writes): the previous pair; no post step. */
  async function tornExport() {
    const { current, previous } = await pairs;
    const testBed = await bed();
    const run = await exportOnWindows(testBed, {
      'private-key': crlfBase64(current.keyPem),
      certificate: crlfBase64(previous.certPem),
      'previous-private-key': crlfBase64(previous.keyPem),
      'previous-certificate': crlfBase64(previous.certPem),
    });
    // The main step only: its files are still there.
    const files = {
      key: await readFile(run.hostPath(run.outputs['key-path'] ?? ''), 'utf8'),
      certificate: await readFile(run.hostPath(run.outputs['certificate-path'] ?? ''), 'utf8'),
    };
    return { testBed, run, files, current, previous };
  }

  /** runExport's checks (log scan, masks, leftovers) on the bundle under Wine; a post step when `between`. */
  async function exportOnWindows(
    on: TestBed,
    inputs: Record<string, string>,
    between?: (main: ActionRun) => Promise<void>,
  ): Promise<ActionRun> {
    const { current, previous } = await pairs;
    const run = await runExportOnWindows(inputs, {
      apiUrl: on.github.url,
      knownKeys: [current.keyPem, previous.keyPem],
      dirNames: { runnerTemp: RUNNER_TEMP_NAME },
      ...(between === undefined ? { post: false } : { between }),
    });
    runs.push(run);
    return run;
  }

  let cases: {
    requestThenPromote: ReturnType<typeof requestThenPromote>;
    fallback: ReturnType<typeof fallback>;
    fallbackControl: ReturnType<typeof fallback>;
    check: ReturnType<typeof check>;
    exportThenPost: ReturnType<typeof exportThenPost>;
    tornExport: ReturnType<typeof tornExport>;
  };

  beforeAll(async () => {
    ca = await createTestCa({ commonName: 'Mangopay Test CA' });
    own = await mkdtemp(path.join(tmpdir(), 'windows tier-'));
    pairs = (async () => ({
      current: await issuedCredential(ca, { daysLeft: 300 }),
      previous: await issuedCredential(ca, { daysLeft: 100, daysAgo: 200 }),
    }))();
    cases = {
      requestThenPromote: requestThenPromote(),
      fallback: fallback(true),
      fallbackControl: fallback(false),
      check: check(),
      exportThenPost: exportThenPost(),
      tornExport: tornExport(),
    };
    // Each test awaits its own case; a case that fails before its test runs is not an unhandled rejection.
    for (const started of Object.values(cases)) (started as Promise<unknown>).catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(cases ?? {}));
    await Promise.all(beds.map((started) => started.close()));
    await Promise.all(runs.map((run) => run.cleanup()));
    await Promise.all([ca?.dispose(), own && rm(own, { recursive: true, force: true })]);
  }, 60_000);

  it('request: openssl.exe from PATH makes the key and CSR; the pending key is sealed, the CSR stored and uploaded', async () => {
    const { request: run, requested } = await cases.requestThenPromote;
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'requested', rotated: 'true', 'dry-run': 'false' });

    // Opened by the fake with its own sealed-box implementation: base64 of an LF PEM, as on Linux, although
    // openssl.exe wrote it with CRLF.
    const stored = requested.pendingSecret ?? '';
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const keyPem = asPem(stored) ?? '';
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    expect(createPrivateKey(keyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(requested.secretNames).toEqual([PENDING]);

    // The CSR: output, variable, file and artifact agree, with LF line ends; its key is the pending key.
    const csr = run.outputs.csr;
    expect(csr).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/,
    );
    expect(requested.csrVariable).toBe(csr);
    const csrKey = parseCsr(csr).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(spkiSha256(csrKey)).toBe(spkiSha256(keyPem));
    expect(run.outputs['public-key-sha256']).toBe(spkiSha256(keyPem));
    expect(requested.artifacts.map((artifact) => artifact.name)).toEqual(['mangopay-mtls-csr-sandbox']);
    expect(requested.artifacts[0].files['acme-sandbox.csr'].toString()).toBe(csr);
    expect(run.outputs['artifact-id']).toBe(String(requested.artifacts[0].id));

    // csr-path: a Windows path (drive letter, backslashes, the space) in RUNNER_TEMP, naming the CSR file.
    const runnerTemp = windowsPath(run.dirs.runnerTemp);
    expect(runnerTemp).toMatch(/^Z:\\[^/]+\\runner temp$/);
    expect(run.outputs['csr-path'].startsWith(`${runnerTemp}\\`)).toBe(true);
    expect(run.outputs['csr-path']).toMatch(/\\acme-sandbox\.csr$/);
    expect(await readFile(run.hostPath(run.outputs['csr-path']), 'utf8')).toBe(csr);
    expect(run.summary).toContain(csr.trim());
  });

  it('GITHUB_OUTPUT as node.exe wrote it: CRLF lines and heredocs, read as the Windows runner reads them', async () => {
    const { request: run } = await cases.requestThenPromote;
    const raw = await readFile(run.files.fileCommands.OUTPUT, 'utf8');
    // @actions/core writes every output as a heredoc, each line ended by os.EOL.
    expect(raw).toMatch(/^state<<(ghadelimiter_[0-9a-f-]+)\r\nrequested\r\n\1\r$/m);
    expect(raw).toMatch(
      /^csr<<(ghadelimiter_[0-9a-f-]+)\r\n-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n\r\n\1\r$/m,
    );
    expect(raw.replace(/\r\n/g, '')).not.toContain('\r'); // no bare CR
    // Each output once, framed by CRLF lines; the value between them is what the runner hands on.
    const headers = [...raw.matchAll(/^([a-z0-9-]+)<<(ghadelimiter_[0-9a-f-]+)\r$/gm)];
    expect(headers.map(([, name]) => name).sort()).toEqual(Object.keys(run.outputs).sort());
    for (const [, name, delimiter] of headers) {
      expect(raw).toContain(`${name}<<${delimiter}\r\n${run.outputs[name]}\r\n${delimiter}\r\n`);
    }
  });

  it('promote: the certificate file (Windows path, CRLF) is checked with openssl.exe from openssl-path and installed', async () => {
    const { testBed, promote: run, pendingSecret, certificate, workspace } = await cases.requestThenPromote;
    if (run === undefined) throw new Error('no promote run: the request before it failed (see its test)');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'promoted', rotated: 'true', 'days-remaining': '364' });
    expect(testBed.github.secret(repo, KEY)).toBe(pendingSecret);
    expect(testBed.github.variable(repo, CERT)).toBe(Buffer.from(certificate).toString('base64'));
    expect(testBed.github.secretNames(repo)).toEqual([KEY]);
    expect(testBed.github.variable(repo, CSR)).toBeUndefined();
    // The workspace holds what the test put there, nothing more.
    expect((await readdir(workspace, { recursive: true })).sort()).toEqual([
      'certs',
      path.join('certs', 'issued cert.pem'),
    ]);
  });

  it('finds openssl.exe in an install folder under ProgramFiles when it is not on PATH', async () => {
    const { testBed, run } = await cases.fallback;
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.state).toBe('requested');
    expect(spkiSha256(asPem(testBed.github.secret(repo, PENDING) ?? '') ?? '')).toBe(
      run.outputs['public-key-sha256'],
    );
  });

  it('and fails, writing nothing, when that folder has no openssl.exe (so the one above was found there)', async () => {
    const { testBed, before, run } = await cases.fallbackControl;
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/OpenSSL was not found on PATH/)]);
    expect(testBed.github.snapshot()).toBe(before);
    expect(testBed.artifacts).toEqual([]);
  });

  it('check: reads a stored certificate with CRLF line ends', async () => {
    const { run } = await cases.check;
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      state: 'checked',
      due: 'false',
      pending: 'false',
      'days-remaining': '199',
    });
  });

  it('export: the current pair (inputs base64 of CRLF PEM) as LF PEM files under the Windows RUNNER_TEMP, and outputs', async () => {
    const { testBed, run, seen, current } = await cases.exportThenPost;
    expectHandedOut(run, 'current', current, 299);
    // Windows paths (drive letter, backslashes, the space), in a new folder directly under RUNNER_TEMP.
    const folder = path.win32.dirname(run.outputs['key-path']);
    const runnerTemp = windowsPath(run.dirs.runnerTemp);
    expect(runnerTemp).toMatch(/^Z:\\[^/]+\\runner temp$/);
    expect(folder).toMatch(new RegExp(`^${literal(runnerTemp)}\\\\mangopay-mtls-export-[A-Za-z0-9]{6}$`));
    expect(run.outputs['key-path']).toBe(`${folder}\\client-key.pem`);
    expect(run.outputs['certificate-path']).toBe(`${folder}\\client-certificate.pem`);
    // While the job runs: the bytes the Linux export writes and the base64 outputs hold, LF PEM (node.exe
    // writes them as given; the CRLF of the inputs is gone). Wine gives no NTFS ACL: the mode is Wine's.
    expect(seen?.key.toString('utf8')).toBe(current.keyPem);
    expect(seen?.certificate.toString('utf8')).toBe(current.certPem);
    expect(seen?.key.equals(Buffer.from(run.outputs['key-base64'], 'base64'))).toBe(true);
    expect(seen?.certificate.equals(Buffer.from(run.outputs['certificate-base64'], 'base64'))).toBe(true);
    expect(seen?.key.includes('\r')).toBe(false);
    expect(run.summary).toContain('exported');
    expect(testBed.github.calls).toEqual([]);
  });

  it('export post step: started with the state node.exe saved (CRLF), removes the folder and nothing else', async () => {
    const { testBed, run, seen } = await cases.exportThenPost;
    const folder = path.win32.dirname(run.outputs['key-path']);
    // GITHUB_STATE as node.exe wrote it: a CRLF heredoc; the runner reads the value without the CR.
    expect(seen?.stateFile).toMatch(
      new RegExp(`^export-folder<<(ghadelimiter_[0-9a-f-]+)\r\n${literal(folder)}\r\n\\1\r\n$`),
    );
    expect(run.post?.state).toEqual({ 'export-folder': folder });
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.errors).toEqual([]);
    expect(run.post?.warnings).toEqual([]);
    expect(run.post?.log).toContain(`Removed the exported key and certificate (${folder}).`);
    // The folder is gone, and with it everything the action wrote under the runner folders.
    expect(existsSync(run.hostPath(folder))).toBe(false);
    expect(run.leftovers()).toEqual([]);
    expect(await readdir(run.dirs.runnerTemp)).toEqual(['_github_workflow', '_runner_file_commands']);
    expect(await readdir(run.dirs.workspace)).toEqual([]);
    expect(testBed.github.calls).toEqual([]);
  });

  it('export: a torn current pair falls back to the previous one, written as files, with a warning naming both keys', async () => {
    const { testBed, run, files, current, previous } = await cases.tornExport;
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({
      state: 'exported',
      used: 'previous',
      'key-base64': b64(previous.keyPem),
      'certificate-base64': b64(previous.certPem),
      'public-key-sha256': spkiSha256(previous.certPem),
      'certificate-expires-at': iso(previous.certPem),
    });
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toContain('Handed out the previous key and certificate');
    expect(run.warnings[0]).toContain(spkiSha256(current.keyPem));
    expect(run.warnings[0]).toContain(spkiSha256(previous.certPem));
    expect(files).toEqual({ key: previous.keyPem, certificate: previous.certPem });
    expect(testBed.github.calls).toEqual([]);
  });
});
