import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import {
  decodePemValue,
  encodeStoredValue,
  normalizePem,
  pemBlocks,
  sensitiveForms,
} from '../../src/domain/pem.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('pem', () => {
  it('normalises CRLF, indentation and trailing whitespace', () => {
    const crlf = `  ${keyPem.replace(/\n/g, '\r\n')}  \r\n`;
    expect(normalizePem(crlf)).toBe(keyPem);
  });

  it('reads PEM and base64 of PEM (with CRLF, line-wrapped base64, whitespace) to the same text', () => {
    const base64 = Buffer.from(keyPem.replace(/\n/g, '\r\n')).toString('base64');
    const wrapped = base64.replace(/(.{76})/g, '$1\n');
    for (const value of [keyPem, `\n${keyPem}\n`, base64, ` ${wrapped} `]) {
      expect(decodePemValue(value)).toBe(keyPem);
    }
  });

  it('reads a PEM whose line breaks became spaces (pasted into a one-line field)', () => {
    expect(decodePemValue(keyPem.replace(/\n/g, ' '))).toBe(keyPem);
    expect(decodePemValue(keyPem.replace(/\n/g, ''))).toBe(keyPem);
  });

  it('returns undefined for values that are neither', () => {
    for (const value of ['', '   ', 'hello', 'aGVsbG8=', '-----BEGIN X-----\nabc', '!!!!']) {
      expect(decodePemValue(value)).toBeUndefined();
    }
  });

  it('splits several blocks and keeps their labels', () => {
    const two = `${keyPem}\n\n${keyPem.replace(/PRIVATE KEY/g, 'CERTIFICATE')}`;
    expect(pemBlocks(two).map((block) => block.label)).toEqual(['PRIVATE KEY', 'CERTIFICATE']);
  });

  it('encodes stored values as single-line base64 of the PEM, or the PEM', () => {
    const base64 = encodeStoredValue(keyPem, 'base64');
    expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(base64, 'base64').toString()).toBe(keyPem);
    expect(encodeStoredValue(keyPem.replace(/\n/g, '\r\n'), 'pem')).toBe(keyPem);
  });

  it('lists every form of a key to mask: PEM, each body line, base64', () => {
    const forms = sensitiveForms(keyPem);
    expect(forms).toContain(keyPem);
    expect(forms).toContain(Buffer.from(keyPem).toString('base64'));
    for (const line of keyPem.split('\n').filter((l) => l && !l.startsWith('-----')))
      expect(forms).toContain(line);
    expect(forms.some((form) => form.startsWith('-----BEGIN') && form.split('\n').length === 1)).toBe(false);
    // A base64 input yields the same forms plus itself.
    const base64 = Buffer.from(keyPem).toString('base64');
    expect(sensitiveForms(base64)).toEqual(expect.arrayContaining([base64, keyPem]));
    expect(sensitiveForms('', '  ')).toEqual([]);
  });
});
