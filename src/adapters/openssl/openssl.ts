/**
 * The one place that runs the `openssl` binary. Arguments are always an argv array (no shell, so nothing in
 * a value can be interpreted), output is captured silently (nothing is echoed to the log), and the private
 * key only ever travels through openssl's stdout into memory: it is never written to disk.
 *
 * Portability (facts and sources: docs/openssl-flavours.md): OpenSSL 1.1.1, 3.x and LibreSSL all accept
 * `req -new -newkey rsa:N -sha256 -config FILE` and `req -noout -pubkey -verify -in CSR -config FILE`,
 * and the subject and extensions come from our own config file, so neither `-subj` quoting nor `-addext`
 * support nor the system's openssl.cnf matter. Where the flavours differ we adapt:
 * - `-noenc` exists only in OpenSSL >= 3 (where `-nodes` is deprecated); others get `-nodes`. The config
 *   also says `encrypt_key = no`, which every flavour reads, so the key is never encrypted either way.
 * - `-verify` exits 0 on a bad signature in OpenSSL 1.1.1, 3.0 and LibreSSL (3.5 and 3.6 exit 1), and prints
 *   "verify OK" to stderr or (3.5, 3.6) stdout; so the verdict is read from the text, not the exit code.
 * - The key label is PKCS#8 (`PRIVATE KEY`) from every current flavour; a PKCS#1 `RSA PRIVATE KEY` (pre-1.0
 *   OpenSSL) or SEC1 `EC PRIVATE KEY` is converted to PKCS#8 in memory with node:crypto.
 * - EC keys: `-newkey ec -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve` works on all
 *   five (LibreSSL 3.3.6 too, which prints a bogus "Generating a 2048 bit EC private key" on stderr).
 * - Subjects: `-utf8` makes every flavour read the config's values as UTF-8 (without it each byte becomes a
 *   Latin-1 character); a repeated type needs a distinct key in the config section (`0.OU`, `1.OU`: req
 *   drops what comes before the first `.`), else the later line replaces the earlier.
 * - `-keyout -` is never used: LibreSSL opens a file literally named "-" instead of stdout.
 * - Nothing is written to openssl's stdin: @actions/exec has no error handler on the child's stdin, so when
 *   openssl exits before reading it (a rejected flag) Node dies of EPIPE. The CSR (public) goes in by `-in`.
 * - The binary path is quoted for @actions/exec, which splits it like a command line ("C:\Program Files").
 * - OPENSSL_CONF is never the runner's: a `req` call gets its own `-config` file there too, `version` none.
 *   A bare install has no openssl.cnf at its compiled-in path (LibreSSL then warns on stderr, which would
 *   lead every error summary), and one inherited from the environment may load providers or modules that
 *   break `req` (3.x) or abort (LibreSSL). Our request config loads nothing, and no extra file is written.
 */
import * as exec from '@actions/exec';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  flavourLabel as label,
  noEncryptionFlag,
  OpenSslError,
  parseOpenSslVersion,
  summarizeStderr,
  toPkcs8,
  type OpenSslFlavour,
} from './output.js';
import { childEnv, findBinary } from './binary.js';
import { watchSpawn } from './process.js';
import type { KeyAndCsr, KeyMaker, RunControl } from '../../ports/key-maker.js';
import { KEY_SPECS, requestConfig } from './request-config.js';
import { pemBlocks } from '../../domain/pem.js';

export { defaultFallbacks } from './binary.js';
export {
  OpenSslError,
  parseOpenSslVersion,
  summarizeStderr,
  type OpenSslFlavour,
  type OpenSslFlavourName,
  type OpenSslVersion,
} from './output.js';
import type { KeyType } from '../../domain/types.js';

export interface OpenSslOptions {
  /** Explicit binary; otherwise `openssl` on PATH (and the usual Windows install folders). */
  binary?: string;
  /** Folder for the short-lived work folder holding request configs and CSRs (public content only). */
  tempRoot: string;
  /** Where to look when `openssl` is not on PATH; defaults to {@link defaultFallbacks} for this platform. */
  fallbacks?: string[];
}

interface ExecResult {
  stdout: string;
  stderr: string;
}

export class OpenSsl implements KeyMaker {
  private binaryPath?: string;
  /** Made once, on first use; a promise so that two calls at once share one folder. */
  private workDir?: Promise<string>;
  private detected?: Promise<OpenSslFlavour>;

  constructor(private readonly options: OpenSslOptions) {}

  /** `openssl version`, e.g. "OpenSSL 3.0.13 30 Jan 2024 (Library: ...)" or "LibreSSL 3.3.6". */
  async version(): Promise<string> {
    return (await this.exec(['version'], 'read the OpenSSL version')).stdout.trim();
  }

  /** Which OpenSSL this is, from `openssl version` (run once per instance). */
  flavour(): Promise<OpenSslFlavour> {
    this.detected ??= this.version().then((text) => ({
      ...parseOpenSslVersion(text),
      text: text.split(/\r?\n/)[0].trim(),
    }));
    // A failed detection is not cached, so a later call can try again.
    this.detected.catch(() => (this.detected = undefined));
    return this.detected;
  }

  /**
   * A new key and a CSR signed by it, with exactly the given subject attributes in that order (UTF-8 values)
   * and extendedKeyUsage=clientAuth.
   */
  async createKeyAndCsr(
    keyType: KeyType,
    subject: [string, string][],
    control?: RunControl,
  ): Promise<KeyAndCsr> {
    const spec = KEY_SPECS[keyType];
    const flavour = await this.flavour();
    stopped(control, 'generate the private key and CSR'); // no config written for a key nobody wants
    const config = await this.writeWorkFile('req', 'cnf', requestConfig(subject));
    // No -keyout and no -out: the key and then the CSR are written to stdout on every flavour.
    // prettier-ignore
    const { stdout } = await this.exec(
      ['req', '-new', '-utf8', ...spec.newKey, noEncryptionFlag(flavour), '-sha256', '-config', config],
      'generate the private key and CSR',
      flavour,
      control,
    ).finally(() => rm(config, { force: true }));
    const blocks = pemBlocks(stdout);
    const key = blocks.find((block) => /^(RSA |EC |ENCRYPTED )?PRIVATE KEY$/.test(block.label));
    const csr = blocks.find((block) => /^(NEW )?CERTIFICATE REQUEST$/.test(block.label));
    if (key === undefined || csr === undefined) {
      throw new OpenSslError(
        `openssl (${label(flavour)}) did not print a private key and a certificate request`,
      );
    }
    const privateKeyPem = toPkcs8(key, spec, flavour);
    const csrPem = csr.text.replace(/NEW CERTIFICATE REQUEST/g, 'CERTIFICATE REQUEST');
    return { privateKeyPem, csrPem };
  }

  /** The public key of a CSR as PEM, after checking the CSR's self-signature. */
  async csrPublicKey(csrPem: string, control?: RunControl): Promise<string> {
    const block = pemBlocks(csrPem).find((b) => /^(NEW )?CERTIFICATE REQUEST$/.test(b.label));
    if (block === undefined) throw new OpenSslError('the value is not a PEM certificate request');
    const flavour = await this.flavour();
    // -config: our own file, so a missing or odd system openssl.cnf cannot matter.
    const config = await this.writeWorkFile('req', 'cnf', requestConfig([['CN', 'unused']]));
    const input = await this.writeWorkFile('csr', 'pem', block.text);
    const result = await this.run(
      ['req', '-noout', '-pubkey', '-verify', '-in', input, '-config', config],
      'read the certificate request',
      control,
    ).finally(() => Promise.all([rm(config, { force: true }), rm(input, { force: true })]));
    const { stdout, stderr } = result;
    // 1.1.1, 3.0 and LibreSSL exit 0 after "verify failure", 3.5+ exits 1; 3.5+ prints "verify OK" on stdout.
    const verdict = `${stdout}\n${stderr}`;
    if (/verify fail/i.test(verdict)) {
      throw new OpenSslError(
        `the certificate request's self-signature does not verify (openssl: ${summarizeStderr(stderr)})`,
      );
    }
    this.check(result, 'read the certificate request', flavour);
    const key = pemBlocks(stdout).find((b) => b.label === 'PUBLIC KEY');
    if (key === undefined) {
      throw new OpenSslError(`openssl (${label(flavour)}) printed no public key for the certificate request`);
    }
    // Every flavour prints "verify OK" (stderr, or stdout on 3.5+) when, and only when, the signature holds.
    if (!/verify OK/i.test(verdict)) {
      throw new OpenSslError("the certificate request's self-signature does not verify");
    }
    return key.text;
  }

  /** Removes the work folder. Safe to call more than once. */
  async dispose(): Promise<void> {
    const making = this.workDir;
    this.workDir = undefined;
    const dir = await making?.catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }

  /** A file in the private work folder (public content only: request config, CSR). */
  private async writeWorkFile(prefix: string, extension: string, content: string): Promise<string> {
    this.workDir ??= mkdtemp(path.join(this.options.tempRoot, 'mtls-openssl-'));
    const file = path.join(
      await this.workDir,
      `${prefix}-${Math.random().toString(36).slice(2)}.${extension}`,
    );
    await writeFile(file, content, { mode: 0o644 });
    return file;
  }

  /** Runs openssl silently; on failure throws with stderr's meaningful lines (never stdout: it may hold the key). */
  private async exec(
    args: string[],
    purpose: string,
    flavour?: OpenSslFlavour,
    control?: RunControl,
  ): Promise<ExecResult> {
    return this.check(await this.run(args, purpose, control), purpose, flavour);
  }

  /** Runs openssl silently and returns what it did, whatever the exit code. */
  private async run(args: string[], purpose: string, control?: RunControl): Promise<exec.ExecOutput> {
    this.binaryPath ??= await findBinary(this.options);
    const binary = this.binaryPath;
    const env = childEnv(process.env, args);
    try {
      // getExecOutput splits its first argument like a command line: quoted, a path with spaces
      // ("C:\\Program Files\\...") stays one path. The arguments are an array and never split.
      stopped(control, purpose);
      const listeners = control === undefined ? undefined : { debug: watchSpawn(control) };
      const result = await exec.getExecOutput(`"${binary}"`, args, {
        silent: true,
        ignoreReturnCode: true,
        env,
        listeners,
      });
      stopped(control, purpose);
      return result;
    } catch (error) {
      if (error instanceof OpenSslError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const hint = this.options.binary !== undefined ? " (input 'openssl-path')" : '';
      throw new OpenSslError(`could not run ${binary}${hint} to ${purpose}: ${reason}`);
    }
  }

  private check(result: exec.ExecOutput, purpose: string, flavour?: OpenSslFlavour): ExecResult {
    if (result.exitCode !== 0) {
      const who = flavour === undefined ? 'openssl' : `openssl (${label(flavour)})`;
      throw new OpenSslError(
        `${who} failed to ${purpose} (exit code ${result.exitCode}): ${summarizeStderr(result.stderr)}`,
      );
    }
    return { stdout: result.stdout, stderr: result.stderr };
  }
}

/** A call told to stop fails as stopped, whatever OpenSSL printed or exited with. */
function stopped(control: RunControl | undefined, purpose: string): void {
  if (control?.signal?.aborted === true) throw new OpenSslError(`stopped before it could ${purpose}`);
}
