// The comment reader against hostile and sloppy comments, with real certificates from the openssl test CA.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import {
  certificateFromComment,
  MAX_COMMENT_BYTES,
  TRUNCATED_NOTE,
} from '../../../src/issue/comment-certificate.js';
import { issuedCredential } from '../../support/fixtures.js';
import { createTestCa, makeKeyAndCsr, type TestCa } from '../../support/test-ca.js';

let ca: TestCa;
let otherCa: TestCa;
let leaf: string;
let otherLeaf: string;
let leafKey: string;
let csr: string;

beforeAll(async () => {
  ca = await createTestCa();
  otherCa = await createTestCa({ commonName: 'Other CA' });
  ({ certPem: leaf, keyPem: leafKey } = await issuedCredential(ca, { daysLeft: 300 }));
  ({ certPem: otherLeaf } = await issuedCredential(ca, { daysLeft: 200 }));
  ({ csrPem: csr } = await makeKeyAndCsr());
});
afterAll(async () => {
  await ca.dispose();
  await otherCa.dispose();
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

function certificateOf(body: string): string {
  const result = certificateFromComment(body);
  if (result.kind !== 'certificate') throw new Error(`expected a certificate, got ${result.kind}`);
  return result.pem;
}

describe('certificateFromComment: finding the certificate', () => {
  it('takes a bare PEM as it is', () => {
    expect(certificateFromComment(leaf)).toEqual({
      kind: 'certificate',
      pem: leaf,
      leafPem: leaf,
      chainLength: 1,
      notes: [],
    });
  });

  it('finds the PEM inside markdown, HTML, details, quotes and CRLF', () => {
    const crlf = leaf.replace(/\n/g, '\r\n');
    const bodies = [
      `Here it is:\n\n\`\`\`\n${leaf}\`\`\`\nthanks!`,
      `<details><summary>cert</summary>\n\n<pre>\n${leaf}</pre>\n</details>`,
      leaf
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n'),
      `> > ${leaf.split('\n').join('\n> > ')}`,
      `Hi,\r\n\r\n\`\`\`pem\r\n${crlf}\`\`\`\r\n`,
      `    ${leaf.split('\n').join('\n    ')}`,
      `one line: ${leaf.replace(/\n/g, ' ')} end`,
    ];
    for (const body of bodies) expect(certificateOf(body)).toBe(leaf);
  });

  it('takes one base64 token of the PEM, however it is broken up', () => {
    const token = b64(leaf);
    const bodies = [
      token,
      `The certificate: ${token} — thanks`,
      token.replace(/(.{76})/g, '$1\n'),
      token.replace(/(.{40})/g, '$1 '),
      `\`\`\`\n${token.replace(/(.{64})/g, '$1\r\n')}\n\`\`\``,
      `> ${token}`,
      b64(leaf.replace(/\n/g, '\r\n')),
    ];
    for (const body of bodies) expect(certificateOf(body)).toBe(leaf);
  });

  it('counts the same certificate pasted twice (PEM and base64) once', () => {
    expect(certificateOf(`${leaf}\n\nor as base64: ${b64(leaf)}\n\n${leaf}`)).toBe(leaf);
  });

  it('orders a pasted chain leaf first, in either order', () => {
    for (const body of [`${leaf}${ca.certPem}`, `${ca.certPem}\n\n${leaf}`]) {
      const result = certificateFromComment(body);
      expect(result).toMatchObject({ kind: 'certificate', leafPem: leaf, chainLength: 2 });
      expect(result.kind === 'certificate' ? result.pem : '').toBe(`${leaf}${ca.certPem}`);
    }
  });
});

describe('certificateFromComment: refusing', () => {
  it('asks which one when two different certificates are not one chain', () => {
    for (const body of [
      `${leaf}\n${otherLeaf}`,
      `${leaf}\n${otherCa.certPem}`,
      `${leaf}${ca.certPem}${otherLeaf}`,
    ]) {
      const result = certificateFromComment(body);
      expect(result.kind).toBe('ambiguous');
      if (result.kind === 'ambiguous') expect(result.message).toContain('which one?');
    }
    expect(certificateFromComment(`${leaf} and ${b64(otherLeaf)}`).kind).toBe('ambiguous');
  });

  it('never takes a CSR for a certificate', () => {
    for (const body of [csr, `\`\`\`\n${csr}\`\`\``, b64(csr), `> ${csr.split('\n').join('\n> ')}`]) {
      expect(certificateFromComment(body).kind).toBe('none');
    }
  });

  it('says none for prose, empty bodies and markers without a block', () => {
    for (const body of [
      '',
      'LGTM',
      'BEGIN CERTIFICATE',
      '-----BEGIN CERTIFICATE-----\n',
      'LS0tLS1CRUdJTiBnYXJiYWdl',
    ]) {
      expect(certificateFromComment(body).kind).toBe('none');
    }
  });

  it('calls a CERTIFICATE block that does not parse invalid', () => {
    const broken = leaf.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    expect(certificateFromComment(broken).kind).toBe('invalid');
    expect(certificateFromComment(leaf.replace(/\n(.)/, '\n<b>$1')).kind).toBe('invalid');
    expect(certificateFromComment(b64(broken)).kind).toBe('invalid');
  });

  it('stays linear on thousands of unmatched markers', () => {
    const hostile =
      '-----BEGIN CERTIFICATE-----\n'.repeat(2000) + '-----END CERTIFICATE REQUEST-----\n'.repeat(200);
    expect(certificateFromComment(hostile).kind).toBe('none');
  });
});

describe('certificateFromComment: 64 KB', () => {
  it('reads only the first 64 KB and says so', () => {
    const filler = 'x'.repeat(MAX_COMMENT_BYTES);
    expect(certificateFromComment(`${filler}\n${leaf}`)).toMatchObject({
      kind: 'none',
      notes: [TRUNCATED_NOTE],
    });
    expect(certificateFromComment(`${leaf}\n${filler}`)).toMatchObject({
      kind: 'certificate',
      notes: [TRUNCATED_NOTE],
    });
  });

  it('counts bytes, not characters', () => {
    const accents = 'é'.repeat(MAX_COMMENT_BYTES / 2); // exactly 64 KB of UTF-8
    expect(certificateFromComment(`${leaf}${accents}`).notes).toEqual([TRUNCATED_NOTE]);
    expect(certificateFromComment(accents).notes).toEqual([]);
    expect(certificateFromComment(`${accents.slice(1)}${leaf}`).kind).toBe('none');
  });
});

describe('certificateFromComment: a private key', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const keys: Record<string, string> = {
    pkcs8: rsa.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pkcs1: rsa.export({ type: 'pkcs1', format: 'pem' }).toString(),
    sec1: ec.export({ type: 'sec1', format: 'pem' }).toString(),
    encrypted: rsa
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' })
      .toString(),
  };

  /** The body lines of a PEM (what a log line could show). */
  const lines = (pem: string) => pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));

  it.each(Object.keys(keys))(
    '%s: wins over a certificate; every form masked; no message quotes it',
    (name) => {
      const key = keys[name];
      const bodies = [
        `${leaf}\n${key}`,
        `\`\`\`\r\n${key.replace(/\n/g, '\r\n')}\`\`\``,
        `> ${key.split('\n').join('\n> ')}`,
        `${b64(key).replace(/(.{50})/g, '$1 ')} thanks`,
        key.replace(/-----END[^\n]*\n$/, ''), // cut off before its END line
      ];
      for (const body of bodies) {
        const result = certificateFromComment(body);
        if (result.kind !== 'private-key') throw new Error(`expected private-key, got ${result.kind}`);
        expect(result.mask).toEqual(expect.arrayContaining(lines(key)));
        const { mask, ...rest } = result;
        const shown = JSON.stringify(rest);
        expect(mask.length).toBeGreaterThan(lines(key).length);
        for (const line of lines(key)) expect(shown).not.toContain(line.slice(0, 16));
      }
      const base64 = b64(key);
      const result = certificateFromComment(base64);
      expect(result.kind === 'private-key' ? result.mask : []).toEqual(expect.arrayContaining([base64, key]));
    },
  );

  it('masks the pieces of a base64 key as pasted, and every line of a cut-off key however short', () => {
    const pieces = b64(keys.sec1).match(/.{1,50}/g) ?? [];
    const spaced = certificateFromComment(`here: ${pieces.join(' ')}`);
    expect(pieces.length).toBeGreaterThan(2);
    expect(spaced.kind === 'private-key' ? spaced.mask : []).toEqual(
      expect.arrayContaining(pieces.slice(0, -1)),
    );
    const cut = certificateFromComment(
      '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\nAT8=\n\nbye',
    );
    expect(cut.kind === 'private-key' ? cut.mask : []).toEqual(expect.arrayContaining(['AT8=']));
  });

  it('masks the pieces of a key pasted with its line breaks made spaces', () => {
    const flat = keys.pkcs8.replace(/\n/g, ' ');
    const result = certificateFromComment(`oops ${flat}`);
    expect(result.kind === 'private-key' ? result.mask : []).toEqual(
      expect.arrayContaining(lines(keys.pkcs8)),
    );
  });

  it('finds the key the test CA made for the leaf, next to that leaf', () => {
    expect(certificateFromComment(`${leafKey}${leaf}`).kind).toBe('private-key');
  });
});
