/**
 * Finding and running the `openssl` binary: `openssl-path`, PATH and the Windows fallbacks (in folders with
 * spaces), the messages when none is usable, and the work folder's life. The binary is the system's real
 * openssl behind a logging shell script; what each flavour makes is in openssl-flavours.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultFallbacks, OpenSsl } from '../../src/adapters/openssl/openssl.js';

const REAL = '/usr/bin/openssl';
/** `version` like the real one; `req` never ends until a signal ends it. */
const STALLED = fileURLToPath(new URL('../support/fake-openssl/stalled', import.meta.url));
const SUBJECT: [string, string][] = [
  ['CN', 'demo.sandbox.mangopay.com'],
  ['O', 'Mangopay'],
  ['C', 'LU'],
];

let root: string;
let log: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'openssl-test-'));
  log = join(root, 'calls.log');
});

afterEach(async () => {
  await rm(log, { force: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An executable at `file` that logs its argv (one per line) and runs the real openssl. */
async function loggingOpenssl(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${REAL}' "$@"\n`);
  await chmod(file, 0o755);
  return file;
}

async function calls(): Promise<string[]> {
  return (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
}

const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

async function makePair(openssl: OpenSsl): Promise<void> {
  try {
    const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
    expect(spki(await openssl.csrPublicKey(made.csrPem))).toBe(spki(made.privateKeyPem));
  } finally {
    await openssl.dispose();
  }
}

describe('finding the binary on Windows-like paths (spaces in every folder)', () => {
  let programFiles: string;
  let binary: string;
  let savedPath: string | undefined;

  beforeAll(async () => {
    programFiles = join(root, 'Program Files (x86)');
    binary = await loggingOpenssl(join(programFiles, 'OpenSSL 3', 'bin', 'openssl'));
    savedPath = process.env.PATH;
  });

  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it("'openssl-path' with spaces, and a work folder with spaces", async () => {
    const tempRoot = join(root, 'Runner Temp', 'a b');
    await mkdir(tempRoot, { recursive: true });
    await makePair(new OpenSsl({ binary, tempRoot }));
    const generate = (await calls()).find((line) => line.startsWith('req -new'));
    expect(generate).toContain(` -config ${join(tempRoot, 'mtls-openssl-')}`);
  });

  it('on PATH in a folder with spaces', async () => {
    process.env.PATH = join(programFiles, 'OpenSSL 3', 'bin');
    await makePair(new OpenSsl({ tempRoot: root, fallbacks: [] }));
    expect(await calls()).toContain('version');
  });

  it('not on PATH: the first fallback that exists', async () => {
    process.env.PATH = await mkdtemp(join(root, 'empty path '));
    const fallbacks = [join(root, 'Program Files', 'OpenSSL', 'bin', 'openssl'), binary];
    await makePair(new OpenSsl({ tempRoot: root, fallbacks }));
    expect(await calls()).toContain('version');
  });

  it('the default fallbacks on Windows start with C:\\Program Files\\OpenSSL\\bin\\openssl.exe', () => {
    expect(defaultFallbacks('win32', { ProgramFiles: 'D:\\Programs' })).toEqual([
      'C:\\Program Files\\OpenSSL\\bin\\openssl.exe',
      'D:\\Programs\\OpenSSL\\bin\\openssl.exe',
      'D:\\Programs\\OpenSSL-Win64\\bin\\openssl.exe',
      'D:\\Programs\\Git\\mingw64\\bin\\openssl.exe',
      'D:\\Programs\\Git\\usr\\bin\\openssl.exe',
    ]);
    expect(defaultFallbacks('win32', {})[0]).toBe('C:\\Program Files\\OpenSSL\\bin\\openssl.exe');
    expect(defaultFallbacks('win32', {})).toHaveLength(4);
    expect(defaultFallbacks('linux', {})).toEqual([]);
    expect(defaultFallbacks('darwin', {})).toEqual([]);
  });
});

describe('no usable binary', () => {
  it('says how to install OpenSSL or set openssl-path when none is on PATH', async () => {
    const empty = await mkdtemp(join(root, 'empty-path-'));
    const saved = process.env.PATH;
    process.env.PATH = empty;
    try {
      const openssl = new OpenSsl({ tempRoot: root, fallbacks: [] });
      await expect(openssl.version()).rejects.toThrow(
        /^OpenSSL was not found on PATH\. Install it .* or set the input 'openssl-path' to the openssl binary\.$/,
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it("names the input when 'openssl-path' does not exist or is a folder", async () => {
    const missing = join(root, 'no-such-dir', 'openssl');
    await expect(new OpenSsl({ tempRoot: root, binary: missing }).version()).rejects.toThrow(
      `Input 'openssl-path': no OpenSSL binary at ${missing}`,
    );
    const folder = join(root, 'a-folder');
    await mkdir(folder, { recursive: true });
    await expect(new OpenSsl({ tempRoot: root, binary: folder }).version()).rejects.toThrow(
      /Input 'openssl-path': .* is a folder/,
    );
    // Exists but cannot be run: @actions/exec's own error, wrapped and pointing at the input.
    const notExecutable = join(root, 'openssl-not-executable');
    await writeFile(notExecutable, 'not a program', { mode: 0o644 });
    const openssl = new OpenSsl({ tempRoot: root, binary: notExecutable });
    await expect(openssl.version()).rejects.toThrow(
      /could not run .*openssl-not-executable \(input 'openssl-path'\) to read the OpenSSL version/,
    );
    await openssl.dispose();
  });
});

describe('the work folder', () => {
  it('is emptied after each call; dispose() removes it and can be called twice', async () => {
    const tempRoot = await mkdtemp(join(root, 'dispose-'));
    const openssl = new OpenSsl({ binary: REAL, tempRoot });
    const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
    await openssl.csrPublicKey(made.csrPem);
    const [folder, ...others] = await readdir(tempRoot);
    expect(others).toEqual([]);
    expect(folder).toMatch(/^mtls-openssl-\w+$/);
    // The request config and the CSR are removed after each call; only the folder stays until dispose().
    expect(await readdir(join(tempRoot, folder))).toEqual([]);
    await openssl.dispose();
    await openssl.dispose();
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('is one folder when a key and a CSR read start together (a request run makes its key early)', async () => {
    const tempRoot = await mkdtemp(join(root, 'together-'));
    const openssl = new OpenSsl({ binary: REAL, tempRoot });
    const first = await openssl.createKeyAndCsr('ec-p256', SUBJECT);
    await openssl.dispose();
    // Both calls ask for the work folder before either has it.
    await Promise.all([openssl.createKeyAndCsr('ec-p256', SUBJECT), openssl.csrPublicKey(first.csrPem)]);
    expect(await readdir(tempRoot)).toHaveLength(1);
    await openssl.dispose();
    expect(await readdir(tempRoot)).toEqual([]);
  });
});

describe('saying when OpenSSL runs (a request run compiles its next steps meanwhile)', () => {
  /** The processes Node creates while `fn` runs (Node's documented `child_process` channel). */
  async function watchingChildren<T>(fn: (children: ChildProcess[]) => Promise<T>): Promise<T> {
    const children: ChildProcess[] = [];
    const onChild = (message: unknown) => children.push((message as { process: ChildProcess }).process);
    subscribe('child_process', onChild);
    watched.push(children);
    try {
      return await fn(children);
    } finally {
      unsubscribe('child_process', onChild);
    }
  }
  const watched: ChildProcess[][] = [];
  // None is left running, even when a test timed out waiting for one to end.
  afterAll(() => watched.flat().forEach((child) => child.kill()));

  it('once per call, with the process spawned and before the result', async () => {
    const openssl = new OpenSsl({ binary: REAL, tempRoot: root });
    await openssl.flavour(); // `openssl version` first, so only the calls below spawn
    await watchingChildren(async (children) => {
      const order: string[] = [];
      const running = (what: string) => () => {
        const child = children.at(-1);
        order.push(
          `${what} running: ${children.length} spawned, ${child?.spawnargs[1]}, pid ${typeof child?.pid}`,
        );
      };
      const made = await openssl.createKeyAndCsr('ec-p256', SUBJECT, { running: running('key') });
      order.push('key made');
      await openssl.csrPublicKey(made.csrPem, { running: running('read') });
      order.push('CSR read');
      expect(order).toEqual([
        'key running: 1 spawned, req, pid number',
        'key made',
        'read running: 2 spawned, req, pid number',
        'CSR read',
      ]);
    });
    await openssl.dispose();
  });

  it('stops a key generation that never ends on its own, and cleans up after it', async () => {
    const tempRoot = await mkdtemp(join(root, 'stop-'));
    const openssl = new OpenSsl({ binary: STALLED, tempRoot });
    const stop = new AbortController();
    await watchingChildren(async (children) => {
      let signalled: boolean[] = [];
      // Stopped as soon as it runs: only the stop can end this call. The stop signals OpenSSL at once; one it
      // missed is killed here, so a stop that does not work fails below instead of hanging the test.
      const making = openssl.createKeyAndCsr('rsa-2048', SUBJECT, {
        running: () => {
          stop.abort();
          const req = children.filter((child) => child.spawnargs.includes('req'));
          signalled = req.map((child) => child.killed);
          req.filter((child) => !child.killed).forEach((child) => child.kill('SIGKILL'));
        },
        signal: stop.signal,
      });
      await expect(making).rejects.toThrow('stopped before it could generate the private key and CSR');
      expect(signalled).toEqual([true]);
      const req = children.filter((child) => child.spawnargs.includes('req'));
      expect(req.map((child) => [child.signalCode, child.exitCode])).toEqual([['SIGTERM', null]]);
    });
    expect(await readdir(join(tempRoot, (await readdir(tempRoot))[0]))).toEqual([]); // no request config left
    await openssl.dispose();
  });

  it('a call stopped before it starts spawns nothing', async () => {
    const openssl = new OpenSsl({ binary: STALLED, tempRoot: root });
    await openssl.flavour();
    await watchingChildren(async (children) => {
      const making = openssl.createKeyAndCsr('rsa-2048', SUBJECT, { signal: AbortSignal.abort() });
      await expect(making).rejects.toThrow('stopped before it could generate the private key and CSR');
      expect(children).toEqual([]);
    });
    await openssl.dispose();
  });
});
