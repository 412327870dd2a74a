/**
 * The OpenSSL wrapper against what no real binary in ../shared/openssl-flavours can show (those are in
 * openssl-flavours.test.ts): a pre-1.0 OpenSSL that writes PKCS#1 and rejects -addext and -noenc, an openssl
 * that fails after printing the key, one that prints garbage; plus version parsing and stderr summaries.
 * The fakes are in __tests__/support/fake-openssl; their crypto is the system's real openssl.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  OpenSsl,
  OpenSslError,
  parseOpenSslVersion,
  summarizeStderr,
  type OpenSslVersion,
} from '../../src/adapters/openssl/openssl.js';
import { tamperSignature } from '../support/csr-der.js';

const FAKES = resolve('__tests__/support/fake-openssl');
const SUBJECT: [string, string][] = [
  ['CN', 'demo.sandbox.mangopay.com'],
  ['O', 'Mangopay'],
  ['C', 'LU'],
];

let root: string;
let log: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'openssl-fakes-'));
  log = join(root, 'calls.jsonl');
});

afterEach(async () => {
  await rm(log, { force: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The fake `name`, run with FAKE_OPENSSL_LOG set (Jest's process.env is a copy children do not see). */
async function fake(name: string): Promise<string> {
  const file = join(root, name);
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

describe('OpenSsl with a pre-1.0 OpenSSL (the pkcs1 fake)', () => {
  let binary: string;

  beforeAll(async () => {
    binary = await fake('pkcs1');
  });

  it('really rejects -noenc and -addext, so the wrapper must use neither', () => {
    for (const flag of ['-noenc', '-addext']) {
      const run = () =>
        execFileSync(binary, ['req', '-new', '-newkey', 'rsa:2048', flag, 'x=y'], { stdio: 'pipe' });
      expect(run).toThrow(`unknown option ${flag}`);
    }
  });

  it('converts its PKCS#1 key to PKCS#8, with -nodes and no -keyout', async () => {
    const cwd = await readdir(process.cwd());
    const tempRoot = await mkdtemp(join(root, 'pkcs1-'));
    const openssl = new OpenSsl({ binary, tempRoot });
    try {
      expect(await openssl.flavour()).toMatchObject({ flavour: 'openssl', major: 0, minor: 9, patch: 8 });
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      expect(made.privateKeyPem).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
      );
      expect(createPrivateKey(made.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(spki(await openssl.csrPublicKey(made.csrPem))).toBe(spki(made.privateKeyPem));
      await expect(openssl.csrPublicKey(tamperSignature(made.csrPem))).rejects.toThrow(
        /self-signature does not verify/,
      );
      const generate = (await calls()).find((argv) => argv.includes('-new'));
      expect(generate).toEqual([
        'req',
        '-new',
        '-utf8',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-config',
        expect.stringMatching(/req-\w+\.cnf$/),
      ]);
      // Its -keyout - would write a file named "-": nothing new in the working folder.
      expect(await readdir(process.cwd())).toEqual(cwd);
    } finally {
      await openssl.dispose();
    }
    expect(await readdir(tempRoot)).toEqual([]);
  });
});

describe('OpenSsl with a broken or nonsense openssl', () => {
  it('a failure after the key was printed: stderr summary, no key text, no progress dots', async () => {
    const openssl = new OpenSsl({ binary: join(FAKES, 'broken'), tempRoot: root });
    try {
      const error = await openssl.createKeyAndCsr('rsa-2048', SUBJECT).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenSslError);
      expect(error instanceof Error ? error.message : '').toBe(
        'openssl (OpenSSL 3.0.13 30 Jan 2024) failed to generate the private key and CSR (exit code 1): ' +
          'Error making certificate request | 4087FDEF0D7F0000:error:06800097:asn1 encoding routines:' +
          'ASN1_mbstring_ncopy:string too long:../crypto/asn1/a_mbstr.c:106:maxsize=2',
      );
    } finally {
      await openssl.dispose();
    }
  });

  it('garbage: unknown flavour, the portable flags, and a clear error', async () => {
    const openssl = new OpenSsl({ binary: await fake('garbage'), tempRoot: root });
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
