/**
 * The one place that runs the `openssl` binary. Arguments are always an argv array (no shell, so nothing in
 * a value can be interpreted), output is captured silently (nothing is echoed to the log), and the private
 * key only ever travels through openssl's stdout into memory: it is never written to disk.
 *
 * Portability: every command uses only flags that OpenSSL 1.1.1, OpenSSL 3.x and LibreSSL all accept
 * (`req -new -newkey rsa:N -nodes -config FILE`, `req -pubkey -noout -verify`), and the subject and
 * extensions come from our own config file, so neither `-subj` quoting nor `-addext` support nor the
 * system's openssl.cnf matter.
 */
import * as exec from '@actions/exec';
import * as io from '@actions/io';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pemBlocks } from './pem.js';
import type { KeyType } from './settings.js';

export interface KeyAndCsr {
  /** PKCS#8 PEM; callers mask it before anything else happens. */
  privateKeyPem: string;
  csrPem: string;
}

export interface OpenSslOptions {
  /** Explicit binary; otherwise `openssl` on PATH (and the usual Windows install folder). */
  binary?: string;
  /** Folder for the short-lived work folder holding the request config (public content only). */
  tempRoot: string;
}

const WINDOWS_DEFAULT = 'C:\\Program Files\\OpenSSL\\bin\\openssl.exe';
const KEY_BITS: Record<KeyType, number> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 };

export class OpenSslError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenSslError';
  }
}

export class OpenSsl {
  private binaryPath?: string;
  private workDir?: string;

  constructor(private readonly options: OpenSslOptions) {}

  /** `openssl version`, e.g. "OpenSSL 3.0.13 30 Jan 2024" or "LibreSSL 3.3.6". */
  async version(): Promise<string> {
    return (await this.exec(['version'], 'read the OpenSSL version')).trim();
  }

  /** A new RSA key and a CSR signed by it, with the given subject and extendedKeyUsage=clientAuth. */
  async createKeyAndCsr(keyType: KeyType, subject: [string, string][]): Promise<KeyAndCsr> {
    const config = await this.requestConfig(subject);
    // No -keyout and no -out: the key and then the CSR are written to stdout on every flavour.
    const stdout = await this.exec(
      ['req', '-new', '-newkey', `rsa:${KEY_BITS[keyType]}`, '-nodes', '-sha256', '-config', config],
      'generate the private key and CSR',
    );
    const blocks = pemBlocks(stdout);
    const key = blocks.find((block) => /^(RSA )?PRIVATE KEY$/.test(block.label));
    const csr = blocks.find((block) => /^(NEW )?CERTIFICATE REQUEST$/.test(block.label));
    if (key === undefined || csr === undefined) {
      throw new OpenSslError('openssl req did not print a private key and a certificate request');
    }
    return {
      privateKeyPem: key.text,
      csrPem: csr.text.replace(/NEW CERTIFICATE REQUEST/g, 'CERTIFICATE REQUEST'),
    };
  }

  /** The public key of a CSR as PEM, after checking the CSR's self-signature. */
  async csrPublicKey(csrPem: string): Promise<string> {
    const config = await this.requestConfig([['CN', 'unused']]);
    const stdout = await this.exec(
      ['req', '-noout', '-pubkey', '-verify', '-config', config],
      'read the certificate request',
      csrPem,
    );
    const key = pemBlocks(stdout).find((block) => block.label === 'PUBLIC KEY');
    if (key === undefined)
      throw new OpenSslError('openssl req printed no public key for the certificate request');
    return key.text;
  }

  /** Removes the work folder. Safe to call more than once. */
  async dispose(): Promise<void> {
    const dir = this.workDir;
    this.workDir = undefined;
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }

  private async requestConfig(subject: [string, string][]): Promise<string> {
    this.workDir ??= await mkdtemp(path.join(this.options.tempRoot, 'mtls-openssl-'));
    const file = path.join(this.workDir, `req-${Math.random().toString(36).slice(2)}.cnf`);
    // Values are validated upstream (client id: letters, digits, - and _), so nothing here can be
    // read as config syntax or a $variable.
    const lines = [
      '[ req ]',
      'prompt = no',
      'distinguished_name = dn',
      'req_extensions = ext',
      'string_mask = utf8only',
      'default_md = sha256',
      '',
      '[ dn ]',
      ...subject.map(([name, value]) => `${name} = ${value}`),
      '',
      '[ ext ]',
      'extendedKeyUsage = clientAuth',
      '',
    ];
    await writeFile(file, lines.join('\n'), { mode: 0o644 });
    return file;
  }

  private async resolveBinary(): Promise<string> {
    if (this.binaryPath !== undefined) return this.binaryPath;
    const configured = this.options.binary;
    if (configured !== undefined) {
      if (!existsSync(configured)) {
        throw new OpenSslError(`Input 'openssl-path': no OpenSSL binary at ${configured}`);
      }
      return (this.binaryPath = configured);
    }
    const found = await io.which('openssl', false);
    if (found !== '') return (this.binaryPath = found);
    if (process.platform === 'win32' && existsSync(WINDOWS_DEFAULT))
      return (this.binaryPath = WINDOWS_DEFAULT);
    throw new OpenSslError(
      'OpenSSL was not found on PATH. Install it (Ubuntu: apt-get install openssl; macOS: brew install openssl@3; ' +
        "Windows: choco install openssl) or set the input 'openssl-path' to the openssl binary.",
    );
  }

  /** Runs openssl silently and returns stdout; on failure throws with stderr's meaningful lines. */
  private async exec(args: string[], purpose: string, input?: string): Promise<string> {
    const binary = await this.resolveBinary();
    const result = await exec.getExecOutput(binary, args, {
      silent: true,
      ignoreReturnCode: true,
      input: input === undefined ? undefined : Buffer.from(input, 'utf8'),
    });
    if (result.exitCode !== 0) {
      throw new OpenSslError(
        `openssl failed to ${purpose} (exit code ${result.exitCode}): ${summarizeStderr(result.stderr)}`,
      );
    }
    return result.stdout;
  }
}

/** The readable part of openssl's stderr: no key-generation progress dots, at most three lines. */
function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^[.+*-]+$/.test(line));
  return lines.slice(0, 3).join(' | ') || 'no error output';
}
