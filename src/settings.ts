/**
 * Every input of the action (and flag of the CLI) read into one typed, validated settings object.
 * All validation lives here: each error names the input and the form it expects, and nothing has been
 * written or run when one is thrown.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { decodePemValue, pemBlocks, sensitiveForms, type KeyFormat } from './pem.js';
import { clientIdProblem, type MangopayEnvironment } from './subject.js';

export type Mode = 'request' | 'promote' | 'check';
export type KeyType = 'rsa-2048' | 'rsa-3072' | 'rsa-4096';
export type SecretScope = 'repository' | 'environment';

/** The names of everything the action stores; derived from the three name inputs. */
export interface StoredNames {
  keySecret: string;
  pendingKeySecret: string;
  previousKeySecret: string;
  certificateVariable: string;
  previousCertificateVariable: string;
  csrVariable: string;
}

export interface PromoteSettings {
  /** The issued certificate (normalised PEM, leaf first) and which input it came from. */
  certificatePem?: string;
  certificateInput?: 'certificate' | 'certificate-file';
  /** Private keys as normalised PEM; every form of them is already masked. */
  pendingPrivateKeyPem?: string;
  currentPrivateKeyPem?: string;
  verifyUrl?: URL;
}

export interface GitHubSettings {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  /** Set when secret-scope is environment. */
  environment?: string;
}

export interface Settings {
  mode: Mode;
  clientId: string;
  mangopayEnvironment: MangopayEnvironment;
  keyType: KeyType;
  keyFormat: KeyFormat;
  scope: SecretScope;
  /** GitHub environment name when scope is environment (also used by the CLI's folder layout). */
  githubEnvironment?: string;
  names: StoredNames;
  renewBeforeDays: number;
  force: boolean;
  promote: PromoteSettings;
  artifact: { name: string; fileName: string; retentionDays: number };
  dryRun: boolean;
  summary: boolean;
  /** Path to the openssl binary; undefined means find it on PATH. */
  opensslPath?: string;
  /** Present inside GitHub Actions; the CLI works on a folder instead. */
  github?: GitHubSettings;
  /** Notes about inputs that were given but are not used in this mode. */
  notes: string[];
}

export interface ReadContext {
  /** True inside GitHub Actions: github-token is required and certificate-file must be in the workspace. */
  inActions: boolean;
  /** GITHUB_WORKSPACE (Actions) or the current directory (CLI): relative paths resolve against it. */
  workspace: string;
  /** Registers a value with the log masker before anything can print it. */
  mask(value: string): void;
}

/** Reads one raw input; '' when not given. */
export type InputReader = (name: string) => string;

const MAX_INPUT_LENGTH = 4096;
const MAX_PEM_INPUT_LENGTH = 65536;
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
// GitHub's rule for secret and variable names.
const STORED_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The name part is never '.' or '..': a URL would read those as path steps and call another route.
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/(?!\.\.?$)[A-Za-z0-9._-]+$/;
/** '.' and '..' become path steps in a URL or a file path. */
const DOT_SEGMENT = /^\.\.?$/;
// Characters @actions/artifact refuses in an artifact name.
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\\/\r\n]/;
const PROMOTE_ONLY = [
  'certificate',
  'certificate-file',
  'pending-private-key',
  'current-private-key',
  'verify-url',
];
const REQUEST_ONLY = ['key-type', 'force', 'artifact-name', 'artifact-retention-days'];

export function readSettings(read: InputReader, context: ReadContext): Settings {
  // Secrets first: mask them before any validation message could be printed.
  const rawToken = read('github-token').trim();
  if (rawToken !== '') context.mask(rawToken);
  const rawPending = read('pending-private-key');
  const rawCurrent = read('current-private-key');
  for (const form of sensitiveForms(rawPending, rawCurrent)) context.mask(form);

  const input = (name: string, max = MAX_INPUT_LENGTH): string => {
    const value = read(name).trim();
    if (value.length > max)
      throw new InputError(name, `is ${value.length} characters long; at most ${max} are accepted`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
      throw new InputError(name, 'contains control characters');
    }
    return value;
  };

  const mode = oneOf(input, 'mode', ['request', 'promote', 'check'] as const, 'request');
  const mangopayEnvironment = oneOf(
    input,
    'mangopay-environment',
    ['sandbox', 'production'] as const,
    'sandbox',
  );
  const clientId = input('client-id');
  const clientIdError = clientIdProblem(clientId, mangopayEnvironment);
  if (clientIdError) throw new InputError('client-id', clientIdError);

  const keyType = oneOf(input, 'key-type', ['rsa-2048', 'rsa-3072', 'rsa-4096'] as const, 'rsa-2048');
  const keyFormat = oneOf(input, 'key-format', ['base64', 'pem'] as const, 'base64');
  const scope = oneOf(input, 'secret-scope', ['repository', 'environment'] as const, 'repository');
  const githubEnvironment = input('github-environment', 255) || undefined;
  if (scope === 'environment' && githubEnvironment === undefined) {
    throw new InputError(
      'github-environment',
      'is required when secret-scope is environment (the environment name)',
    );
  }
  if (githubEnvironment !== undefined && DOT_SEGMENT.test(githubEnvironment)) {
    throw new InputError('github-environment', `must be an environment name, not "${githubEnvironment}"`);
  }
  if (scope === 'repository' && githubEnvironment !== undefined) {
    throw new InputError(
      'github-environment',
      'is set but secret-scope is repository; set secret-scope: environment',
    );
  }

  const names = storedNames(input);
  const renewBeforeDays = integer(input, 'renew-before-days', 30, 0, 365);
  const force = boolean(input, 'force', false);
  const dryRun = boolean(input, 'dry-run', false);
  const summary = boolean(input, 'summary', true);

  const artifactName = input('artifact-name', 256) || `mangopay-mtls-csr-${mangopayEnvironment}`;
  if (ARTIFACT_NAME_FORBIDDEN.test(artifactName) || DOT_SEGMENT.test(artifactName)) {
    throw new InputError(
      'artifact-name',
      'must not be "." or ".." nor contain any of " : < > | * ? \\ / or line breaks',
    );
  }
  const retentionDays = integer(input, 'artifact-retention-days', 30, 1, 90);
  const opensslPath = input('openssl-path') || undefined;

  let github: GitHubSettings | undefined;
  if (context.inActions) {
    if (rawToken === '') {
      throw new InputError(
        'github-token',
        'is required: a fine-grained token or GitHub App token that may write Actions secrets and variables (GITHUB_TOKEN cannot write secrets)',
      );
    }
    const repository = input('repository');
    if (!REPOSITORY.test(repository))
      throw new InputError('repository', 'expected owner/name, e.g. octo-org/payments');
    const [owner, repo] = repository.split('/');
    github = {
      token: rawToken,
      apiUrl: apiUrl(input('github-api-url')),
      owner,
      repo,
      environment: scope === 'environment' ? githubEnvironment : undefined,
    };
  }

  const promote: PromoteSettings = {};
  if (mode === 'promote') {
    Object.assign(promote, readCertificate(input, context));
    if (rawPending.trim() !== '') {
      promote.pendingPrivateKeyPem = privateKey('pending-private-key', rawPending);
    } else if (context.inActions) {
      throw new InputError(
        'pending-private-key',
        'is required in promote mode: pass ${{ secrets.' + names.pendingKeySecret + ' }}',
      );
    }
    if (rawCurrent.trim() !== '')
      promote.currentPrivateKeyPem = privateKey('current-private-key', rawCurrent);
    const verifyUrl = input('verify-url', 2048);
    if (verifyUrl !== '') promote.verifyUrl = httpsUrl(verifyUrl);
  }

  const notes: string[] = [];
  const unused = { request: PROMOTE_ONLY, promote: REQUEST_ONLY, check: [...PROMOTE_ONLY, ...REQUEST_ONLY] }[
    mode
  ];
  for (const name of unused) {
    if (read(name).trim() !== '' && !isDefault(name, read(name).trim())) {
      notes.push(`Input '${name}' is not used in mode ${mode}; it was ignored.`);
    }
  }

  return {
    mode,
    clientId,
    mangopayEnvironment,
    keyType,
    keyFormat,
    scope,
    githubEnvironment: scope === 'environment' ? githubEnvironment : undefined,
    names,
    renewBeforeDays,
    force,
    promote,
    artifact: { name: artifactName, fileName: `${clientId}-${mangopayEnvironment}.csr`, retentionDays },
    dryRun,
    summary,
    opensslPath,
    github,
    notes,
  };
}

// action.yml gives these defaults, so the runner always passes them; they are not a sign of intent.
const DEFAULTS: Record<string, string> = {
  'key-type': 'rsa-2048',
  force: 'false',
  'artifact-retention-days': '30',
};
function isDefault(name: string, value: string): boolean {
  return DEFAULTS[name] === value;
}

type Read = (name: string, max?: number) => string;

function oneOf<T extends string>(input: Read, name: string, allowed: readonly T[], fallback: T): T {
  const value = input(name);
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(name, `expected one of ${allowed.join(', ')}; got "${printable(value)}"`);
}

function boolean(input: Read, name: string, fallback: boolean): boolean {
  const value = input(name);
  if (value === '') return fallback;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new InputError(name, `expected true or false; got "${printable(value)}"`);
}

function integer(input: Read, name: string, fallback: number, min: number, max: number): number {
  const value = input(name);
  if (value === '') return fallback;
  const number = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new InputError(name, `expected a whole number from ${min} to ${max}; got "${printable(value)}"`);
  }
  return number;
}

function storedName(input: Read, name: string, fallback: string): string {
  const value = input(name, 200) || fallback;
  if (!STORED_NAME.test(value) || /^GITHUB_/i.test(value)) {
    throw new InputError(
      name,
      `expected letters, digits and "_", not starting with a digit or GITHUB_ (GitHub's rule for secret and variable names); got "${printable(value)}"`,
    );
  }
  return value.toUpperCase();
}

function storedNames(input: Read): StoredNames {
  const keySecret = storedName(input, 'key-secret', 'MANGOPAY_MTLS_KEY');
  const certificateVariable = storedName(input, 'certificate-variable', 'MANGOPAY_MTLS_CERT');
  const csrVariable = storedName(input, 'csr-variable', 'MANGOPAY_MTLS_CSR');
  const previousCertificateVariable = `${certificateVariable}_PREVIOUS`;
  if (csrVariable === certificateVariable || csrVariable === previousCertificateVariable) {
    throw new InputError(
      'csr-variable',
      `must differ from ${certificateVariable} and ${previousCertificateVariable}`,
    );
  }
  return {
    keySecret,
    pendingKeySecret: `${keySecret}_PENDING`,
    previousKeySecret: `${keySecret}_PREVIOUS`,
    certificateVariable,
    previousCertificateVariable,
    csrVariable,
  };
}

function apiUrl(value: string): string {
  const text = value || 'https://api.github.com';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      'github-api-url',
      `expected an http(s) URL such as https://api.github.com; got "${printable(text)}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('github-api-url', 'expected an http(s) URL such as https://api.github.com');
  }
  return url.toString().replace(/\/+$/, '');
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

function readCertificate(
  input: Read,
  context: ReadContext,
): Pick<PromoteSettings, 'certificatePem' | 'certificateInput'> {
  const inline = input('certificate', MAX_PEM_INPUT_LENGTH);
  const file = input('certificate-file');
  if (inline !== '' && file !== '') {
    throw new InputError('certificate', 'give either certificate or certificate-file, not both');
  }
  if (inline === '' && file === '') {
    throw new InputError(
      'certificate',
      'promote needs the issued certificate: set certificate (PEM or base64) or certificate-file',
    );
  }
  if (inline !== '')
    return { certificatePem: certificate('certificate', inline), certificateInput: 'certificate' };
  return {
    certificatePem: certificate('certificate-file', readCertificateFile(file, context)),
    certificateInput: 'certificate-file',
  };
}

function readCertificateFile(file: string, context: ReadContext): string {
  const resolved = path.resolve(context.workspace, file);
  let real: string;
  try {
    real = realpathSync(resolved);
  } catch {
    throw new InputError('certificate-file', `no file at ${file}`);
  }
  if (context.inActions) {
    const workspace = realpathSync(context.workspace);
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

function certificate(name: string, value: string): string {
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

function privateKey(name: string, value: string): string {
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

/** A short, safe rendering of a bad value for an error message. */
function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}
