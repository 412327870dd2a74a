/**
 * The OpenSSL wrapper against fake openssl executables that behave like each flavour a runner may have
 * (__tests__/support/fake-openssl, facts in docs/openssl-flavours.md): the flags each one rejects, the
 * key format each one writes, how each one reports a bad CSR signature; plus version parsing and binary
 * resolution with Windows-like paths.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  defaultFallbacks,
  OpenSsl,
  OpenSslError,
  parseOpenSslVersion,
  summarizeStderr,
  type OpenSslVersion,
} from '../../src/openssl.js';

const FAKES = resolve('__tests__/support/fake-openssl');
const SUBJECT: [string, string][] = [
  ['CN', 'demo.sandbox.mangopay.com'],
  ['O', 'Mangopay'],
  ['C', 'LU'],
];

let root: string;
let log: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'openssl-flavours-'));
  log = join(root, 'calls.jsonl');
});

afterEach(async () => {
  await rm(log, { force: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * An executable at `file` that runs the fake `name` with FAKE_OPENSSL_LOG set (a test's process.env is
 * Jest's copy, which child processes do not see).
 */
async function fakeAt(file: string, name: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\nFAKE_OPENSSL_LOG='${log}' exec '${join(FAKES, name)}' "$@"\n`);
  await chmod(file, 0o755);
  return file;
}

/** The argv of every fake call since the last test. */
async function calls(): Promise<string[][]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
}

const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

/** The same CSR with one bit of its signature flipped (the signature is the DER's tail). */
function tamperSignature(csrPem: string): string {
  const body = csrPem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('');
  const der = Buffer.from(body, 'base64');
  der[der.length - 5] ^= 0x01;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

interface Case {
  fake: string;
  version: OpenSslVersion;
  noEncryption: '-noenc' | '-nodes';
  /** The flag the flavour rejects that the wrapper must avoid, with the error it gives. */
  rejects?: [string, RegExp];
}

const CASES: Case[] = [
  {
    fake: 'openssl-3',
    version: { flavour: 'openssl', major: 3, minor: 0, patch: 13 },
    noEncryption: '-noenc',
  },
  {
    fake: 'openssl-3.5',
    version: { flavour: 'openssl', major: 3, minor: 5, patch: 0 },
    noEncryption: '-noenc',
  },
  {
    fake: 'openssl-1.1.1',
    version: { flavour: 'openssl', major: 1, minor: 1, patch: 1 },
    noEncryption: '-nodes',
    rejects: ['-noenc', /req: Unrecognized flag noenc/],
  },
  {
    fake: 'libressl-3.3',
    version: { flavour: 'libressl', major: 3, minor: 3, patch: 6 },
    noEncryption: '-nodes',
    rejects: ['-noenc', /usage: req \[-addext ext\]/],
  },
  {
    fake: 'pkcs1',
    version: { flavour: 'openssl', major: 0, minor: 9, patch: 8 },
    noEncryption: '-nodes',
    rejects: ['-addext', /unknown option -addext/],
  },
];

describe.each(CASES)('OpenSsl with the $fake fake', ({ fake, version, noEncryption, rejects }) => {
  let binary: string;

  beforeAll(async () => {
    binary = await fakeAt(join(root, 'fakes', fake), fake);
  });

  it('reports the flavour', async () => {
    const openssl = new OpenSsl({ binary, tempRoot: root });
    expect(await openssl.flavour()).toMatchObject(version);
    // Detected once per instance.
    await openssl.flavour();
    expect((await calls()).filter((argv) => argv[0] === 'version')).toHaveLength(1);
  });

  if (rejects !== undefined) {
    it(`really rejects ${rejects[0]}, so the wrapper must not use it`, () => {
      // The flavour's own error text, and exit code 1 (execFileSync throws).
      const run = () =>
        execFileSync(binary, ['req', '-new', '-newkey', 'rsa:2048', rejects[0], 'x=y'], {
          stdio: 'pipe',
          encoding: 'utf8',
        });
      expect(run).toThrow(rejects[1]);
    });
  }

  it('makes a PKCS#8 key and a CSR for it, with flags this flavour accepts', async () => {
    const cwd = await readdir(process.cwd());
    const tempRoot = await mkdtemp(join(root, `${fake}-`));
    const openssl = new OpenSsl({ binary, tempRoot });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      // PKCS#8 whatever the flavour wrote (the pkcs1 fake writes "RSA PRIVATE KEY").
      expect(made.privateKeyPem).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
      );
      const key = createPrivateKey(made.privateKeyPem);
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(made.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
      const publicKey = await openssl.csrPublicKey(made.csrPem);
      expect(spki(publicKey)).toBe(spki(made.privateKeyPem));

      const argvs = await calls();
      const generate = argvs.find((argv) => argv.includes('-new'));
      expect(generate).toEqual([
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        noEncryption,
        '-sha256',
        '-config',
        expect.stringMatching(/req-\w+\.cnf$/),
      ]);
      for (const argv of argvs) {
        if (rejects !== undefined) expect(argv).not.toContain(rejects[0]);
        expect(argv).not.toContain('-keyout');
        expect(argv).not.toContain('-subj');
      }
      // LibreSSL would write "-keyout -" to a file named "-": nothing new appears in the working folder.
      expect(await readdir(process.cwd())).toEqual(cwd);
    } finally {
      await openssl.dispose();
    }
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('refuses a CSR with a bad signature, whatever exit code the flavour gives', async () => {
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      await expect(openssl.csrPublicKey(tamperSignature(made.csrPem))).rejects.toThrow(
        /self-signature does not verify|verify failure/,
      );
    } finally {
      await openssl.dispose();
    }
  });

  it('reads a CSR given with CRLF line ends', async () => {
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      const publicKey = await openssl.csrPublicKey(made.csrPem.replace(/\n/g, '\r\n'));
      expect(spki(publicKey)).toBe(spki(made.privateKeyPem));
    } finally {
      await openssl.dispose();
    }
  });
});

describe('OpenSsl with a broken or nonsense openssl', () => {
  it('a failure after the key was printed: stderr summary, no key text, no progress dots', async () => {
    const openssl = new OpenSsl({ binary: join(FAKES, 'broken'), tempRoot: root });
    try {
      const error = await openssl.createKeyAndCsr('rsa-2048', SUBJECT).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenSslError);
      const message = (error as Error).message;
      expect(message).toBe(
        'openssl (OpenSSL 3.0.13 30 Jan 2024) failed to generate the private key and CSR (exit code 1): ' +
          'Error making certificate request | 4087FDEF0D7F0000:error:06800097:asn1 encoding routines:' +
          'ASN1_mbstring_ncopy:string too long:../crypto/asn1/a_mbstr.c:106:maxsize=2',
      );
    } finally {
      await openssl.dispose();
    }
  });

  it('garbage: unknown flavour, the portable flags, and a clear error', async () => {
    const binary = await fakeAt(join(root, 'fakes', 'garbage'), 'garbage');
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      expect(await openssl.flavour()).toEqual({
        flavour: 'unknown',
        major: 0,
        minor: 0,
        patch: 0,
        text: 'Welcome to FrobSSL!',
      });
      await expect(openssl.createKeyAndCsr('rsa-2048', SUBJECT)).rejects.toThrow(
        'openssl (Welcome to FrobSSL!) did not print a private key and a certificate request',
      );
      expect((await calls()).find((argv) => argv.includes('-new'))).toContain('-nodes');
      const csr = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n';
      await expect(openssl.csrPublicKey(csr)).rejects.toThrow(/printed no public key/);
    } finally {
      await openssl.dispose();
    }
  });

  it('summarizeStderr keeps the error lines and drops progress, chatter and anything like PEM', () => {
    const key =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\n-----END PRIVATE KEY-----';
    const stderr = [
      'Generating a 2048 bit RSA private key',
      '.....+++++',
      '+++*',
      'writing new private key to stdout',
      '-----',
      key,
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0',
      'problems making Certificate Request',
      'x:error:1:two',
      'x:error:2:three',
      'x:error:3:four',
    ].join('\r\n');
    expect(summarizeStderr(stderr)).toBe(
      'problems making Certificate Request | x:error:1:two | x:error:2:three',
    );
    expect(summarizeStderr('....++++\n-----\n')).toBe('no error output');
  });
});

describe('parseOpenSslVersion', () => {
  it.each<[string, OpenSslVersion]>([
    ['OpenSSL 3.0.13 30 Jan 2024', { flavour: 'openssl', major: 3, minor: 0, patch: 13 }],
    ['OpenSSL 1.1.1w  11 Sep 2023', { flavour: 'openssl', major: 1, minor: 1, patch: 1 }],
    ['LibreSSL 3.3.6', { flavour: 'libressl', major: 3, minor: 3, patch: 6 }],
    [
      'OpenSSL 3.5.0 8 Apr 2025 (Library: OpenSSL 3.5.0 8 Apr 2025)',
      { flavour: 'openssl', major: 3, minor: 5, patch: 0 },
    ],
    // The tool's own version counts (it parses the flags), not the library's.
    [
      'OpenSSL 3.0.2 15 Mar 2022 (Library: OpenSSL 3.0.13 30 Jan 2024)',
      { flavour: 'openssl', major: 3, minor: 0, patch: 2 },
    ],
    ['OpenSSL 0.9.8zh 3 Dec 2015', { flavour: 'openssl', major: 0, minor: 9, patch: 8 }],
    ['LibreSSL 2.8.3\r\n', { flavour: 'libressl', major: 2, minor: 8, patch: 3 }],
    ['  OpenSSL 3.4.1 11 Feb 2025\nbuilt on: ...', { flavour: 'openssl', major: 3, minor: 4, patch: 1 }],
    ['', { flavour: 'unknown', major: 0, minor: 0, patch: 0 }],
    ['BoringSSL', { flavour: 'unknown', major: 0, minor: 0, patch: 0 }],
    [
      "WARNING: can't open config file: /x\nOpenSSL 3.0.13",
      { flavour: 'unknown', major: 0, minor: 0, patch: 0 },
    ],
  ])('%j', (text, expected) => {
    expect(parseOpenSslVersion(text)).toEqual(expected);
  });
});

describe('finding the binary on Windows-like paths (spaces in every folder)', () => {
  let programFiles: string;
  let binary: string;
  let savedPath: string | undefined;

  beforeAll(async () => {
    programFiles = join(root, 'Program Files (x86)');
    const bin = join(programFiles, 'OpenSSL 3', 'bin');
    await mkdir(bin, { recursive: true });
    // Named like the real binary: the OpenSSL 3 fake.
    binary = await fakeAt(join(bin, 'openssl'), 'openssl-3');
    savedPath = process.env.PATH;
  });

  afterEach(() => {
    process.env.PATH = savedPath;
  });

  async function makePair(openssl: OpenSsl): Promise<void> {
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      expect(spki(await openssl.csrPublicKey(made.csrPem))).toBe(spki(made.privateKeyPem));
    } finally {
      await openssl.dispose();
    }
  }

  it("'openssl-path' with spaces, and a work folder with spaces", async () => {
    const tempRoot = join(root, 'Runner Temp', 'a b');
    await mkdir(tempRoot, { recursive: true });
    await makePair(new OpenSsl({ binary, tempRoot }));
    const config = (await calls()).find((argv) => argv.includes('-new'))?.at(-1);
    expect(config?.startsWith(join(tempRoot, 'mtls-openssl-'))).toBe(true);
  });

  it('on PATH in a folder with spaces', async () => {
    process.env.PATH = join(programFiles, 'OpenSSL 3', 'bin');
    await makePair(new OpenSsl({ tempRoot: root, fallbacks: [] }));
    expect((await calls()).length).toBeGreaterThan(0);
  });

  it('not on PATH: the first fallback that exists', async () => {
    process.env.PATH = await mkdtemp(join(root, 'empty path '));
    const fallbacks = [join(root, 'Program Files', 'OpenSSL', 'bin', 'openssl'), binary];
    await makePair(new OpenSsl({ tempRoot: root, fallbacks }));
    expect((await calls()).length).toBeGreaterThan(0);
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
