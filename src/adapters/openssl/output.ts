/**
 * What the wrapper makes of openssl's output: the flavour and version it reports, the key it printed (as
 * PKCS#8, checked against the key spec), and the readable part of its error output. Pure: no process here.
 */
import { createPrivateKey } from 'node:crypto';
import type { KeySpec } from './request-config.js';
import type { PemBlock } from '../../domain/pem.js';

export type OpenSslFlavourName = 'openssl' | 'libressl' | 'unknown';

export interface OpenSslVersion {
  flavour: OpenSslFlavourName;
  major: number;
  minor: number;
  patch: number;
}

export interface OpenSslFlavour extends OpenSslVersion {
  /** The first line `openssl version` printed, e.g. "LibreSSL 3.3.6". */
  text: string;
}

export class OpenSslError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenSslError';
  }
}

/**
 * Reads the first line of `openssl version`: "OpenSSL 3.0.13 30 Jan 2024 (Library: ...)",
 * "OpenSSL 1.1.1w  11 Sep 2023", "LibreSSL 3.3.6". The first version is the command-line tool's own, which
 * is what decides the flags. Anything else is 'unknown' with version 0.0.0.
 */
export function parseOpenSslVersion(text: string): OpenSslVersion {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  const match = /^(OpenSSL|LibreSSL)\s+(\d+)\.(\d+)\.(\d+)/.exec(line);
  if (match === null) return { flavour: 'unknown', major: 0, minor: 0, patch: 0 };
  return {
    flavour: match[1] === 'LibreSSL' ? 'libressl' : 'openssl',
    major: Number(match[2]),
    minor: Number(match[3]),
    patch: Number(match[4]),
  };
}

/** "OpenSSL 3.0.13 30 Jan 2024" without the "(Library: ...)" repeat, for messages. */
export function flavourLabel(flavour: OpenSslFlavour): string {
  return flavour.text.replace(/\s*\(Library:.*\)$/, '');
}

/** `-noenc` where it exists (OpenSSL 3 deprecates `-nodes`); `-nodes` everywhere else, incl. unknown builds. */
export function noEncryptionFlag(flavour: OpenSslVersion): '-noenc' | '-nodes' {
  return flavour.flavour === 'openssl' && flavour.major >= 3 ? '-noenc' : '-nodes';
}

/** The key as PKCS#8 PEM, converted in memory when a flavour wrote PKCS#1 or SEC1; checks type and size or curve. */
export function toPkcs8(block: PemBlock, spec: KeySpec, flavour: OpenSslFlavour): string {
  const who = `openssl (${flavourLabel(flavour)})`;
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:.*ENCRYPTED/m.test(block.text)) {
    throw new OpenSslError(
      `${who} encrypted the private key although -nodes and encrypt_key = no were given`,
    );
  }
  let key;
  try {
    key = createPrivateKey({ key: block.text, format: 'pem' });
  } catch {
    // Node's message is not shown: it adds nothing and the input is secret.
    throw new OpenSslError(`${who} printed a private key that cannot be read`);
  }
  if (!spec.matches(key)) throw new OpenSslError(`${who} printed a private key that is not ${spec.name}`);
  if (block.label === 'PRIVATE KEY') return block.text;
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/**
 * The readable part of openssl's stderr for an error message: no key-generation progress dots, no
 * "Generating ... / writing new private key" chatter, nothing that looks like PEM or base64, at most three lines.
 */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(
      (line) =>
        line !== '' &&
        !/^[.+*-]+$/.test(line) &&
        !/^(Generating|writing new private key)/i.test(line) &&
        !line.includes('-----') &&
        // A lone token of base64 characters may be part of a key: openssl's own messages have spaces.
        !/^[A-Za-z0-9+/]+={0,2}$/.test(line),
    );
  return lines.slice(0, 3).join(' | ') || 'no error output';
}
