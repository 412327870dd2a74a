/**
 * The OpenSSL wrapper against each real flavour (../shared/openssl-flavours: LibreSSL 3.3.6 as on macOS,
 * OpenSSL 1.1.1w, 3.5.7, 3.6.3) and the system's own, each run bare: no OPENSSL_CONF, and no openssl.cnf at
 * the shared builds' compiled-in paths. What it made is read back without the wrapper: the CSR by a DER walker
 * and node:crypto (support/csr-der.ts), the version by running the binary directly.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenSsl, OpenSslError } from '../../src/adapters/openssl/openssl.js';
import type { KeyType } from '../../src/domain/types.js';
import { CLIENT_AUTH, parseCsr, SHA256_WITH_RSA, tamperSignature } from '../support/csr-der.js';
import { describeFlavours, FLAVOURS } from '../support/openssl-flavours.js';

const SUBJECT: [string, string][] = [
  ['CN', 'demo.sandbox.mangopay.com'],
  ['O', 'Mangopay'],
  ['C', 'LU'],
];
const KEY_TYPES: [KeyType, number][] = [
  ['rsa-2048', 2048],
  ['rsa-3072', 3072],
  ['rsa-4096', 4096],
];

let root: string;
const savedConf = process.env.OPENSSL_CONF;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'openssl-flavours-'));
  // Bare: whatever the machine running the tests has set plays no part.
  delete process.env.OPENSSL_CONF;
});

afterAll(async () => {
  process.env.OPENSSL_CONF = savedConf;
  await rm(root, { recursive: true, force: true });
});

/** Base64 of the DER SubjectPublicKeyInfo of a PEM key or a KeyObject. */
function spki(key: string | KeyObject): string {
  const publicKey = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/**
 * Watches `dir` while `fn` runs: every name that appears (fs.watch), and every file's content read again as
 * soon as fs.watch reports any change (contents change only with an event), and every 5 ms besides (in case an
 * event comes late), so a key written and removed again would still be caught. Reading in a loop as often as
 * the event loop allows did no better and took the CPU OpenSSL needs (an RSA 4096 key took 11-17 s, not 3).
 */
async function watching<T>(dir: string, fn: () => Promise<T>) {
  const names = new Set<string>();
  const contents: string[] = [];
  let wake: () => void = () => undefined;
  const watcher = watch(dir, { recursive: true }, (_event, name) => {
    if (name !== null) names.add(name);
    wake();
  });
  let running = true;
  const poll = (async () => {
    while (running) {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries.filter((e) => e.isFile())) {
        contents.push(await readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => ''));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  try {
    return { result: await fn(), names, contents };
  } finally {
    running = false;
    wake();
    await poll;
    watcher.close();
  }
}

describeFlavours('OpenSsl with the real', FLAVOURS, ({ name, binary, version, badSignatureExit }) => {
  it('reports the flavour: the first line of its own `openssl version`', async () => {
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      const firstLine = execFileSync(binary, ['version'], { encoding: 'utf8', stdio: 'pipe' })
        .split('\n')[0]
        .trim();
      const flavour = await openssl.flavour();
      expect(flavour.text).toBe(firstLine);
      expect(flavour).toMatchObject(version ?? { flavour: 'openssl' });
    } finally {
      await openssl.dispose();
    }
  });

  // The key size changes no flag: every size on the system's openssl, 2048 bits on the others (the large
  // keys cost seconds each on a 2-core machine and would show nothing new).
  it.each(name === 'system' ? KEY_TYPES : KEY_TYPES.slice(0, 1))(
    'makes a %s PKCS#8 key and a CSR for it, nothing of it on disk',
    async (keyType, bits) => {
      const cwdBefore = await readdir(process.cwd());
      const tempRoot = await mkdtemp(join(root, 'gen-'));
      const openssl = new OpenSsl({ binary, tempRoot });
      const {
        result: made,
        names,
        contents,
      } = await watching(tempRoot, async () => {
        const pair = await openssl.createKeyAndCsr(keyType, SUBJECT);
        return { ...pair, csrKey: await openssl.csrPublicKey(pair.csrPem) };
      });

      expect(made.privateKeyPem).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
      );
      const key = createPrivateKey(made.privateKeyPem);
      expect(key.asymmetricKeyType).toBe('rsa');
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(bits);

      const csr = parseCsr(made.csrPem);
      expect(csr.subject).toEqual([
        ['CN', 'demo.sandbox.mangopay.com', 'UTF8String'],
        ['O', 'Mangopay', 'UTF8String'],
        ['C', 'LU', 'PrintableString'],
      ]);
      expect(csr.extendedKeyUsage).toEqual([CLIENT_AUTH]);
      expect(csr.signatureAlgorithm).toBe(SHA256_WITH_RSA);
      expect(csr.signatureValid).toBe(true);
      expect(spki(csr.publicKey)).toBe(spki(key));
      expect(spki(made.csrKey)).toBe(spki(key));

      // Only our work folder and its config files ever existed, and none held key material.
      expect([...names].sort()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^mtls-openssl-\w+$/)]),
      );
      for (const name of names) expect(name).toMatch(/^mtls-openssl-\w+(\/(req|csr)-\w+\.(cnf|pem))?$/);
      expect(contents.length).toBeGreaterThan(0);
      const keyLines = made.privateKeyPem
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('-----'));
      for (const text of contents) {
        expect(text).not.toMatch(/PRIVATE KEY/);
        for (const line of keyLines) expect(text.includes(line)).toBe(false);
      }
      await openssl.dispose();
      expect(await readdir(tempRoot)).toEqual([]);
      // LibreSSL writes `-keyout -` to a file named "-": nothing new in the working folder.
      expect(existsSync('-')).toBe(false);
      expect(await readdir(process.cwd())).toEqual(cwdBefore);
    },
  );

  it(`reads its CSR also with CRLF and padding; refuses it with a tampered signature (the binary itself exits ${badSignatureExit ?? '0 or 1'})`, async () => {
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      const crlf = `\r\n  ${made.csrPem.replace(/\n/g, '\r\n')}  \r\n`;
      expect(spki(await openssl.csrPublicKey(crlf))).toBe(spki(made.privateKeyPem));

      const tampered = tamperSignature(made.csrPem);
      expect(parseCsr(tampered).signatureValid).toBe(false);
      await expect(openssl.csrPublicKey(tampered)).rejects.toThrow(
        /^the certificate request's self-signature does not verify/,
      );
      if (badSignatureExit !== undefined) {
        // The fact the wrapper must not rely on: this flavour's own exit code for it.
        const file = join(root, 'tampered.pem');
        await writeFile(file, tampered);
        const config = join(root, 'empty.cnf');
        await writeFile(config, '');
        const env = { ...process.env, OPENSSL_CONF: config };
        const run = spawnSync(binary, ['req', '-noout', '-verify', '-in', file, '-config', config], { env });
        expect(run.status).toBe(badSignatureExit);
      }
    } finally {
      await openssl.dispose();
    }
  });

  it("a failure names the flavour and gives openssl's reason, no config warning and no key", async () => {
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      // countryName is at most 2 characters: openssl prints the new key on stdout, then fails on the subject.
      const tooLong: [string, string][] = [
        ['CN', 'x'],
        ['C', 'LUX'],
      ];
      const error = await openssl.createKeyAndCsr('rsa-2048', tooLong).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenSslError);
      const message = error instanceof Error ? error.message : '';
      const text = (await openssl.flavour()).text.replace(/\s*\(Library:.*\)$/, '');
      expect(message).toMatch(
        new RegExp(
          `^openssl \\(${text.replace(/[.()]/g, '\\$&')}\\) failed to generate the private key and CSR \\(exit code 1\\): ` +
            '(problems making Certificate Request|Error making certificate request) \\| .*string too long',
        ),
      );
      expect(message).not.toMatch(/PRIVATE KEY|[A-Za-z0-9+/]{40,}|config file/);
      const unreadable = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n';
      await expect(openssl.csrPublicKey(unreadable)).rejects.toThrow(
        /failed to read the certificate request \(exit code 1\): (unable to load|.*error)/i,
      );
    } finally {
      await openssl.dispose();
    }
  });

  it('ignores an OPENSSL_CONF in the environment that would break it', async () => {
    // A config that asks for a provider (3.x) or module (LibreSSL) that does not exist.
    const hostile = join(root, 'hostile.cnf');
    await writeFile(
      hostile,
      'openssl_conf = init\n[ init ]\nproviders = p\n[ p ]\nnope = s\n[ s ]\nactivate = 1\n',
    );
    process.env.OPENSSL_CONF = hostile;
    const openssl = new OpenSsl({ binary, tempRoot: root });
    try {
      const made = await openssl.createKeyAndCsr('rsa-2048', SUBJECT);
      expect(spki(await openssl.csrPublicKey(made.csrPem))).toBe(spki(made.privateKeyPem));
    } finally {
      delete process.env.OPENSSL_CONF;
      await openssl.dispose();
    }
  });
});
