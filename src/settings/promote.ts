/**
 * promote's inputs: the issued certificate (inline, a file, or a comment of the event), the pending and
 * current keys, verify-url. Keys arrive already masked (maskSecretInputs runs before anything else).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../domain/errors.js';
import { printable, type InputName, type Inputs } from './inputs.js';
import { decodePemValue, pemBlocks } from '../domain/pem.js';
import type { StoredNames } from '../domain/types.js';
import type { Host } from './host.js';

/** Longest key or certificate value read (a certificate chain fits many times over). */
export const MAX_PEM_INPUT_LENGTH = 65536;

/** The issued certificate (normalised PEM, leaf first) and the input it came from, for messages. */
export interface GivenCertificate {
  kind: 'given';
  pem: string;
  input: 'certificate' | 'certificate-file';
}

export type CertificateSource =
  | GivenCertificate
  /** Neither input given in an issue_comment run: the certificate is in the comment, judged by the protocol. */
  | { kind: 'comment'; payload: unknown };

/** A key given as an input (normalised PEM), or, in the CLI only, read back from its state folder. */
export type KeySource = { kind: 'given'; pem: string } | { kind: 'stored' };

export type PendingKeySource =
  | KeySource
  /**
   * An issue_comment run without it (none is pending after a promote): the comment is judged first, since
   * most comments hold no certificate, and a certificate is then refused naming the input.
   */
  | { kind: 'missing' };

export interface PromoteInputs {
  certificate: CertificateSource;
  pendingKey: PendingKeySource;
  /** Normalised PEM; optional (without it no _PREVIOUS key is kept, except where the store can read it). */
  currentPrivateKeyPem: string | undefined;
  verifyUrl: URL | undefined;
  /** Accept a certificate from another issuer than the installed one's. */
  allowNewIssuer: boolean;
}

/**
 * What a request run with the rotation issue needs to promote a certificate it finds there (reconcile,
 * shared/design.md "One workflow that converges"): the one workflow passes the keys on every event.
 */
export interface ReconcileInputs {
  /** Missing: a certificate found on the issue waits, and the run says which input to give. */
  pendingKey: { kind: 'given'; pem: string } | { kind: 'missing' };
  currentPrivateKeyPem: string | undefined;
  verifyUrl: URL | undefined;
  allowNewIssuer: boolean;
}

export function readReconcileInputs(inputs: Inputs): ReconcileInputs {
  const rawPending = inputs.raw('pending-private-key');
  const rawCurrent = inputs.raw('current-private-key');
  const verifyUrl = inputs.text('verify-url', 2048);
  return {
    pendingKey:
      rawPending.trim() === ''
        ? { kind: 'missing' }
        : { kind: 'given', pem: privateKey('pending-private-key', rawPending) },
    currentPrivateKeyPem:
      rawCurrent.trim() === '' ? undefined : privateKey('current-private-key', rawCurrent),
    verifyUrl: verifyUrl === '' ? undefined : httpsUrl(verifyUrl),
    allowNewIssuer: inputs.boolean('allow-new-issuer'),
  };
}

export function readPromoteInputs(inputs: Inputs, host: Host, names: StoredNames): PromoteInputs {
  const certificate = readCertificate(inputs, host);
  const rawPending = inputs.raw('pending-private-key');
  if (rawPending.trim() === '' && host.kind === 'action' && certificate.kind !== 'comment') {
    throw new InputError(
      'pending-private-key',
      'is required in promote mode: pass ${{ secrets.' + names.pendingKeySecret + ' }}',
    );
  }
  const rawCurrent = inputs.raw('current-private-key');
  const verifyUrl = inputs.text('verify-url', 2048);
  return {
    certificate,
    pendingKey:
      rawPending.trim() !== ''
        ? { kind: 'given', pem: privateKey('pending-private-key', rawPending) }
        : host.kind === 'cli'
          ? { kind: 'stored' }
          : { kind: 'missing' },
    currentPrivateKeyPem:
      rawCurrent.trim() === '' ? undefined : privateKey('current-private-key', rawCurrent),
    verifyUrl: verifyUrl === '' ? undefined : httpsUrl(verifyUrl),
    allowNewIssuer: inputs.boolean('allow-new-issuer'),
  };
}

function readCertificate(inputs: Inputs, host: Host): CertificateSource {
  const inline = inputs.text('certificate', MAX_PEM_INPUT_LENGTH);
  const file = inputs.text('certificate-file');
  if (inline !== '' && file !== '') {
    throw new InputError('certificate', 'give either certificate or certificate-file, not both');
  }
  if (inline !== '')
    return { kind: 'given', pem: certificatePem('certificate', inline), input: 'certificate' };
  if (file !== '') {
    const text = readCertificateFile(file, host);
    return { kind: 'given', pem: certificatePem('certificate-file', text), input: 'certificate-file' };
  }
  // An input wins over a comment: the comment is read only when neither was given.
  if (host.kind === 'action' && host.event.kind === 'comment')
    return { kind: 'comment', payload: host.event.payload };
  throw new InputError(
    'certificate',
    'promote needs the issued certificate: set certificate (PEM or base64) or certificate-file',
  );
}

function readCertificateFile(file: string, host: Host): string {
  const resolved = path.resolve(host.workspace, file);
  let real: string;
  try {
    real = realpathSync(resolved);
  } catch {
    throw new InputError('certificate-file', `no file at ${file}`);
  }
  if (host.kind === 'action') {
    const workspace = realpathSync(host.workspace);
    const relative = path.relative(workspace, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new InputError(
        'certificate-file',
        `must be a file inside the workspace (${workspace}); got ${file}`,
      );
    }
  }
  const stat = statSync(real);
  if (!stat.isFile()) throw new InputError('certificate-file', `${file} is not a regular file`);
  if (stat.size > MAX_PEM_INPUT_LENGTH) {
    throw new InputError(
      'certificate-file',
      `${file} is ${stat.size} bytes; a certificate is at most ${MAX_PEM_INPUT_LENGTH}`,
    );
  }
  return readFileSync(real, 'utf8');
}

/** Every CERTIFICATE block of a PEM or base64-of-PEM value, normalised, leaf first; each must parse. */
export function certificatePem(name: string, value: string): string {
  const pem = decodePemValue(value);
  const blocks = pem === undefined ? [] : pemBlocks(pem).filter((block) => block.label === 'CERTIFICATE');
  if (blocks.length === 0) {
    throw new InputError(
      name,
      'expected a PEM certificate (-----BEGIN CERTIFICATE-----) or the base64 of one',
    );
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block.text);
    } catch {
      throw new InputError(name, 'holds a CERTIFICATE block that does not parse as an X.509 certificate');
    }
  }
  return blocks.map((block) => block.text).join('');
}

/** The normalised PEM of a private-key input (PEM or base64 of PEM); the error names the input and the form. */
export function privateKey(name: string, value: string): string {
  const pem = decodePemValue(value);
  const block = pem === undefined ? undefined : pemBlocks(pem)[0];
  if (block?.label === 'ENCRYPTED PRIVATE KEY') {
    throw new InputError(name, 'is an encrypted private key; pass the unencrypted key the action stored');
  }
  if (block === undefined || !/^(RSA |EC )?PRIVATE KEY$/.test(block.label)) {
    throw new InputError(name, 'expected a PEM private key (a BEGIN PRIVATE KEY block) or the base64 of one');
  }
  try {
    createPrivateKey(block.text);
  } catch {
    throw new InputError(name, 'holds a PRIVATE KEY block that does not parse as a private key');
  }
  return block.text;
}

function httpsUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError('verify-url', `expected an https:// URL; got "${printable(value)}"`);
  }
  if (url.protocol !== 'https:')
    throw new InputError('verify-url', 'expected an https:// URL (an mTLS handshake needs TLS)');
  if (url.username !== '' || url.password !== '') {
    throw new InputError('verify-url', 'must not contain a user name or password');
  }
  return url;
}

/**
 * rollback's inputs: the current key and the previous key (the certificates are read from the variables).
 * In Actions both are required (GitHub never returns a secret's value); the command-line twin reads from its
 * folder each key not given as an option.
 */
export interface RollbackKeys {
  /** `<key-secret>`'s key; `stored` only in the CLI. */
  currentKey: KeySource;
  /** `<key-secret>_PREVIOUS`'s key; `stored` only in the CLI. */
  previousKey: KeySource;
}

export function readRollbackKeys(inputs: Inputs, host: Host, names: StoredNames): RollbackKeys {
  const key = (name: InputName, secret: string): KeySource => {
    const value = inputs.raw(name);
    if (value.trim() !== '') return { kind: 'given', pem: privateKey(name, value) };
    if (host.kind === 'cli') return { kind: 'stored' };
    throw new InputError(name, `is required in rollback mode: pass \${{ secrets.${secret} }}`);
  };
  return {
    currentKey: key('current-private-key', names.keySecret),
    previousKey: key('previous-private-key', names.previousKeySecret),
  };
}
