/**
 * The OpenSSL wrapper against the real `openssl` on this machine: what it makes, what it leaves on disk,
 * and how it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenSsl, OpenSslError, type KeyAndCsr } from '../../src/openssl.js';
import type { KeyType } from '../../src/types.js';

const SUBJECT: [string, string][] = [
  ['CN', 'demo.sandbox.mangopay.com'],
  ['O', 'Mangopay'],
  ['C', 'LU'],
];

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'openssl-test-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * The real `openssl req`, CSR (public) in a file. An empty -config: OpenSSL 3's req otherwise needs the
 * system openssl.cnf even to read a CSR.
 */
async function realReq(args: string[], csrPem: string): Promise<{ stdout: string; stderr: string }> {
  const dir = await mkdtemp(join(root, 'check-'));
  try {
    await writeFile(join(dir, 'csr.pem'), csrPem);
    await writeFile(join(dir, 'empty.cnf'), '');
    const all = ['req', ...args, '-in', join(dir, 'csr.pem'), '-config', join(dir, 'empty.cnf')];
    const result = spawnSync('openssl', all, { encoding: 'utf8' });
    return { stdout: result.stdout, stderr: result.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Watches `dir` while `fn` runs: records every name that appears (fs.watch) and reads every file it can
 * see, as often as the event loop allows, so a key written and removed again would still be caught.
 */
async function watching<T>(
  dir: string,
  fn: () => Promise<T>,
): Promise<{ result: T; names: Set<string>; contents: Map<string, string> }> {
  const names = new Set<string>();
  const contents = new Map<string, string>();
  const watcher = watch(dir, { recursive: true }, (_event, name) => {
    if (name !== null) names.add(name);
  });
  let running = true;
  const poll = (async () => {
    while (running) {
      for (const file of await filesUnder(dir)) {
        const text = await readFile(file, 'utf8').catch(() => '');
        contents.set(file, (contents.get(file) ?? '') + text);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  try {
    return { result: await fn(), names, contents };
  } finally {
    running = false;
    await poll;
    watcher.close();
  }
}

function keyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
}

async function expectGoodPair(made: KeyAndCsr, bits: number): Promise<void> {
  // PKCS#8, RSA of the asked size.
  expect(made.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
  const key = createPrivateKey(made.privateKeyPem);
  expect(key.asymmetricKeyType).toBe('rsa');
  expect(key.asymmetricKeyDetails?.modulusLength).toBe(bits);
  expect(made.csrPem).toMatch(
    /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/,
  );

  // Exactly CN, O, C in that order (RFC 2253 prints the last RDN first), UTF8String where allowed.
  const subject = await realReq(['-noout', '-subject', '-nameopt', 'RFC2253,show_type'], made.csrPem);
  expect(subject.stdout.trim()).toBe(
    'subject=C=PRINTABLESTRING:LU,O=UTF8STRING:Mangopay,CN=UTF8STRING:demo.sandbox.mangopay.com',
  );

  const text = await realReq(['-noout', '-text'], made.csrPem);
  expect(text.stdout).toMatch(/X509v3 Extended Key Usage:\s*\n\s*TLS Web Client Authentication\n/);
  expect(text.stdout).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);

  const verified = await realReq(['-noout', '-verify', '-pubkey'], made.csrPem);
  expect(verified.stderr + verified.stdout).toMatch(/verify OK/);
  expect(verified.stderr + verified.stdout).not.toMatch(/verify fail/);
  expect(spki(verified.stdout)).toBe(spki(made.privateKeyPem));
}

describe('OpenSsl with the real openssl', () => {
  it('reports the flavour of the openssl on PATH', async () => {
    const openssl = new OpenSsl({ tempRoot: root });
    try {
      const flavour = await openssl.flavour();
      expect(flavour.text).toBe((await openssl.version()).split('\n')[0]);
      expect(['openssl', 'libressl']).toContain(flavour.flavour);
      expect(flavour.major).toBeGreaterThanOrEqual(1);
    } finally {
      await openssl.dispose();
    }
  });

  it.each<[KeyType, number]>([
    ['rsa-2048', 2048],
    ['rsa-3072', 3072],
    ['rsa-4096', 4096],
  ])('makes a %s key and CSR; nothing of the key touches the disk', async (keyType, bits) => {
    const tempRoot = await mkdtemp(join(root, 'gen-'));
    const openssl = new OpenSsl({ tempRoot });
    const {
      result: made,
      names,
      contents,
    } = await watching(tempRoot, () => openssl.createKeyAndCsr(keyType, SUBJECT));
    await expectGoodPair(made, bits);

    // Only our request config ever existed, and it never held key material.
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^mtls-openssl-\w+(\/req-\w+\.cnf)?$/);
    const lines = keyLines(made.privateKeyPem);
    for (const [file, text] of contents) {
      expect(`${file}: ${text}`).not.toMatch(/PRIVATE KEY/);
      for (const line of lines) expect(text.includes(line)).toBe(false);
    }
    expect(await filesUnder(tempRoot)).toEqual([]);

    await openssl.dispose();
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('reads the public key of its own CSR, also from CRLF and padded PEM', async () => {
    const openssl = new OpenSsl({ tempRoot: root });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      const publicKey = await openssl.csrPublicKey(made.csrPem);
      expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(spki(publicKey)).toBe(spki(made.privateKeyPem));
      const crlf = `\r\n  ${made.csrPem.replace(/\n/g, '\r\n')}  \r\n`;
      expect(spki(await openssl.csrPublicKey(crlf))).toBe(spki(made.privateKeyPem));
    } finally {
      await openssl.dispose();
    }
  });

  it('refuses a CSR whose signature does not verify (OpenSSL 1.1.1 and 3.0 exit 0 for it)', async () => {
    const openssl = new OpenSsl({ tempRoot: root });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      const tampered = tamperSignature(made.csrPem);
      await expect(openssl.csrPublicKey(tampered)).rejects.toThrow(/self-signature does not verify/);
    } finally {
      await openssl.dispose();
    }
  });

  it('dispose() removes the work folder and can be called twice', async () => {
    const tempRoot = await mkdtemp(join(root, 'dispose-'));
    const openssl = new OpenSsl({ tempRoot });
    await openssl.csrPublicKey(await freshCsr());
    expect(await readdir(tempRoot)).toHaveLength(1);
    await openssl.dispose();
    await openssl.dispose();
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('a failing openssl gives an OpenSslError with stderr, never the key it already printed', async () => {
    const openssl = new OpenSsl({ tempRoot: root });
    try {
      // countryName is at most 2 characters: openssl prints the new key on stdout, then fails on the subject.
      const error = await openssl
        .createKeyAndCsr('rsa-2048', [
          ['CN', 'x'],
          ['O', 'Mangopay'],
          ['C', 'LUX'],
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenSslError);
      const message = (error as Error).message;
      expect(message).toMatch(
        /^openssl \((OpenSSL|LibreSSL) [^)]*\)+ failed to generate the private key and CSR/,
      );
      expect(message).toMatch(/exit code 1/);
      expect(message).toMatch(/string too long|problems making/i);
      expect(message).not.toMatch(/PRIVATE KEY|[A-Za-z0-9+/]{40,}/);
      expect(message).not.toMatch(/^[.+*]{5,}/m);
    } finally {
      await openssl.dispose();
    }
  });

  it('a CSR openssl cannot read gives an OpenSslError with its stderr', async () => {
    const openssl = new OpenSsl({ tempRoot: root });
    try {
      const broken = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n';
      await expect(openssl.csrPublicKey(broken)).rejects.toThrow(
        /failed to read the certificate request \(exit code 1\): .*(unable to load|error)/i,
      );
      await expect(openssl.csrPublicKey('not a CSR')).rejects.toThrow(/not a PEM certificate request/);
    } finally {
      await openssl.dispose();
    }
  });

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
    await expect(new OpenSsl({ tempRoot: root, binary: notExecutable }).version()).rejects.toThrow(
      /could not run .*openssl-not-executable \(input 'openssl-path'\) to read the OpenSSL version/,
    );
  });
});

async function freshCsr(): Promise<string> {
  const openssl = new OpenSsl({ tempRoot: root });
  try {
    return (await openssl.createKeyAndCsr('rsa-2048', SUBJECT)).csrPem;
  } finally {
    await openssl.dispose();
  }
}

/** The same CSR with one bit of its signature flipped (the signature is the DER's tail). */
function tamperSignature(csrPem: string): string {
  const body = keyLines(csrPem).join('');
  const der = Buffer.from(body, 'base64');
  der[der.length - 5] ^= 0x01;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
