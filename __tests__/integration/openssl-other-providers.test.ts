/**
 * The OpenSSL wrapper for other providers, on each real flavour (LibreSSL 3.3.6, OpenSSL 1.1.1w, 3.5.7, 3.6.3
 * and the system's): EC keys on named curves, and custom subjects written exactly (order, repeated types,
 * UTF-8, punctuation that is config syntax). What it made is read back without openssl: the CSR by a DER
 * walker and node:crypto (support/csr-der.ts), the key by node:crypto.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenSsl } from '../../src/adapters/openssl/openssl.js';
import type { KeyType } from '../../src/domain/types.js';
import {
  CLIENT_AUTH,
  CURVE_OIDS,
  EC_PUBLIC_KEY,
  ECDSA_WITH_SHA256,
  parseCsr,
  pkcs8Algorithm,
  SHA256_WITH_RSA,
} from '../support/csr-der.js';
import { describeFlavours, FLAVOURS } from '../support/openssl-flavours.js';

const EC_TYPES: [KeyType, keyof typeof CURVE_OIDS, string][] = [
  ['ec-p256', 'P-256', 'prime256v1'],
  ['ec-p384', 'P-384', 'secp384r1'],
];

let root: string;
const savedConf = process.env.OPENSSL_CONF;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'openssl-other-'));
  delete process.env.OPENSSL_CONF;
});

afterAll(async () => {
  process.env.OPENSSL_CONF = savedConf;
  await rm(root, { recursive: true, force: true });
});

function spki(key: string | KeyObject): string {
  const publicKey = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

describeFlavours('OpenSsl for other providers with the real', FLAVOURS, ({ binary }) => {
  let openssl: OpenSsl;
  beforeAll(() => {
    openssl = new OpenSsl({ binary, tempRoot: root });
  });
  afterAll(() => openssl.dispose());

  it.each(EC_TYPES)(
    'makes an %s key: PKCS#8 on the named curve %s, an ECDSA CSR that verifies, the same public key',
    async (keyType, curve, nodeName) => {
      const made = await openssl.createKeyAndCsr(keyType, [['CN', 'ec.example']]);

      expect(made.privateKeyPem).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
      );
      expect(pkcs8Algorithm(made.privateKeyPem)).toEqual({
        algorithm: EC_PUBLIC_KEY,
        parameters: CURVE_OIDS[curve],
      });
      const key = createPrivateKey(made.privateKeyPem);
      expect(key.asymmetricKeyType).toBe('ec');
      expect(key.asymmetricKeyDetails?.namedCurve).toBe(nodeName);

      const csr = parseCsr(made.csrPem);
      expect(csr.signatureAlgorithm).toBe(ECDSA_WITH_SHA256);
      expect(csr.signatureValid).toBe(true);
      expect(csr.publicKey.asymmetricKeyDetails?.namedCurve).toBe(nodeName);
      expect(spki(csr.publicKey)).toBe(spki(key));
      expect(csr.extendedKeyUsage).toEqual([CLIENT_AUTH]);
      // The wrapper's own reading of the CSR (signature check through openssl) agrees.
      expect(spki(await openssl.csrPublicKey(made.csrPem))).toBe(spki(key));
    },
  );

  it('writes a custom subject exactly: order as written, repeated types, every type, UTF-8', async () => {
    const subject: [string, string][] = [
      ['C', 'FR'],
      ['OU', 'Zürich 東京'],
      ['CN', 'first.example'],
      ['OU', 'second'],
      ['serialNumber', 'AB-42'],
      ['L', 'Île-de-France'],
      ['ST', 'Paris'],
      ['O', 'Société Générale'],
      ['CN', 'again'],
    ];
    const made = await openssl.createKeyAndCsr('rsa-2048', subject);
    const csr = parseCsr(made.csrPem);
    expect(csr.subject).toEqual([
      ['C', 'FR', 'PrintableString'],
      ['OU', 'Zürich 東京', 'UTF8String'],
      ['CN', 'first.example', 'UTF8String'],
      ['OU', 'second', 'UTF8String'],
      ['serialNumber', 'AB-42', 'PrintableString'],
      ['L', 'Île-de-France', 'UTF8String'],
      ['ST', 'Paris', 'UTF8String'],
      ['O', 'Société Générale', 'UTF8String'],
      ['CN', 'again', 'UTF8String'],
    ]);
    expect(csr.signatureAlgorithm).toBe(SHA256_WITH_RSA);
    expect(csr.signatureValid).toBe(true);
    expect(csr.extendedKeyUsage).toEqual([CLIENT_AUTH]);
  });

  it('escapes config syntax in values, even what the subject input already refuses', async () => {
    // L: up to 128 characters. Given straight to the wrapper, past the input's validation: quotes, $variables, comments, escapes.
    const hostile = `O'Brien "x" \`y\` $HOME $(a) \${b} # c ; d \\e = f, g + h < > [i] {j} |k| ~!%^&*?@`;
    const made = await openssl.createKeyAndCsr('ec-p256', [
      ['L', hostile],
      ['O', 'x # not a comment'],
    ]);
    expect(parseCsr(made.csrPem).subject).toEqual([
      ['L', hostile, 'UTF8String'],
      ['O', 'x # not a comment', 'UTF8String'],
    ]);
  });

  it('refuses, before running openssl, a value or type that cannot be written safely', async () => {
    await expect(openssl.createKeyAndCsr('ec-p256', [['CN', 'a\nO = evil']])).rejects.toThrow(
      /control characters/,
    );
    await expect(openssl.createKeyAndCsr('ec-p256', [['CN = x\n[ ext ]\nCN', 'a']])).rejects.toThrow(
      /not a subject attribute type/,
    );
  });
});
