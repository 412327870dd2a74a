// A throwaway certificate authority built with the real `openssl` binary (argv arrays, never a shell), so tests
// can sign the CSRs the action makes and run real mTLS handshakes, including expired and not-yet-valid certs.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readCached, writeCached } from './test-cache.js';

const execFileAsync = promisify(execFile);

export interface SignOptions {
  notBefore?: Date;
  notAfter?: Date;
  /** Validity length when notAfter is not given (default 365). */
  days?: number;
  /** Add extendedKeyUsage=clientAuth (default true); false makes a certificate without any EKU. */
  clientAuth?: boolean;
  /** Subject to use instead of the CSR's, in OpenSSL's `/CN=a/O=b` form. */
  subjectOverride?: string;
}

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

export interface TestCa {
  certPem: string;
  /** The CA certificate on disk, e.g. for NODE_EXTRA_CA_CERTS; gone after dispose(). */
  certPath: string;
  signCsr(csrPem: string, opts?: SignOptions): Promise<string>;
  issueServerCert(hosts?: string[]): Promise<KeyAndCert>;
  dispose(): Promise<void>;
}

/** One day in milliseconds, for certificate dates in the tests. */
export const DAY_MS = 86_400_000;

export const DEFAULT_CSR_SUBJECT = '/CN=x.sandbox.mangopay.com/O=Mangopay/C=LU';

/** Runs openssl with an argv array; stderr is kept in the error so failures explain themselves. */
export async function openssl(args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync('openssl', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** OpenSSL's `ca -startdate/-enddate` form: YYYYMMDDHHMMSSZ. */
export function opensslTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

// One config for `req` and `ca`, so the system openssl.cnf (OPENSSL_CONF) plays no part.
function caConfig(dir: string): string {
  return `[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]

[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ ca ]
default_ca = test_ca

[ test_ca ]
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
default_md = sha256
rand_serial = yes
unique_subject = no
copy_extensions = none
email_in_dn = no
policy = policy_any

# Every field optional and -preserveDN: the CSR's subject is kept as is, order included.
[ policy_any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
`;
}

function leafExtensions(extendedKeyUsage: string | undefined, altNames: string[] = []): string {
  const lines = [
    '[ leaf ]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ];
  if (extendedKeyUsage) lines.push(`extendedKeyUsage = ${extendedKeyUsage}`);
  if (altNames.length) lines.push(`subjectAltName = ${altNames.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function validity(opts: SignOptions): { start: Date; end: Date } {
  const length = (opts.days ?? 365) * DAY_MS;
  if (opts.notBefore) {
    return { start: opts.notBefore, end: opts.notAfter ?? new Date(opts.notBefore.getTime() + length) };
  }
  // A minute back, so a certificate issued now is already valid on a clock a second behind.
  const now = Date.now() - 60_000;
  if (!opts.notAfter) return { start: new Date(now), end: new Date(now + length) };
  // Only an end given (e.g. an expired certificate): start before it.
  return { start: new Date(Math.min(now, opts.notAfter.getTime() - DAY_MS)), end: opts.notAfter };
}

/** An RSA 2048 key (new to this test file) and a CSR for `subject` asking for clientAuth, like Mangopay's instructions. */
export async function makeKeyAndCsr(
  subject = DEFAULT_CSR_SUBJECT,
): Promise<{ keyPem: string; csrPem: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'test-csr-'));
  try {
    await writeFile(join(dir, 'openssl.cnf'), caConfig(dir));
    await newKey(join(dir, 'key.pem'));
    // prettier-ignore
    const csrPem = await openssl([
      'req', '-new', '-config', join(dir, 'openssl.cnf'), '-key', join(dir, 'key.pem'),
      '-subj', subject, '-addext', 'extendedKeyUsage=clientAuth', '-sha256',
    ]);
    return { keyPem: await readFile(join(dir, 'key.pem'), 'utf8'), csrPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The tests' own RSA keys (this CA, the CSRs tests sign, TLS servers) come from a pool kept in the tests' cache:
// an RSA key costs ~0.3 s of CPU and the suite needs ~80. Within one test file every key is a different one.
// The keys the action makes never come from here: the bundle and the OpenSSL wrapper run openssl themselves.
let pooledKeys = 0;

/** An RSA 2048 key at `path`: a distinct one per call within a test file. */
async function newKey(path: string): Promise<void> {
  const name = `rsa-2048/key-${pooledKeys++}.pem`;
  const pem =
    readCached(name) ??
    writeCached(name, await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']));
  await writeFile(path, pem, { mode: 0o600 });
}

/** A self-signed RSA 2048 CA in its own temp folder; call dispose() when done. */
export async function createTestCa(opts: { commonName?: string } = {}): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'test-ca-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    return await initCa(dir, opts.commonName ?? 'Test mTLS CA', dispose);
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function initCa(dir: string, commonName: string, dispose: () => Promise<void>): Promise<TestCa> {
  const config = join(dir, 'openssl.cnf');
  const certPath = join(dir, 'ca.pem');
  await writeFile(config, caConfig(dir));
  await writeFile(join(dir, 'index.txt'), '');
  await mkdir(join(dir, 'issued'));
  await newKey(join(dir, 'ca.key'));
  // prettier-ignore
  await openssl([
    'req', '-new', '-x509', '-config', config, '-extensions', 'ca_ext', '-key', join(dir, 'ca.key'),
    '-subj', `/CN=${commonName}/O=Test`, '-days', '3650', '-sha256', '-out', certPath,
  ]);
  const certPem = await readFile(certPath, 'utf8');
  let seq = 0;
  // `openssl ca` rewrites index.txt, so signings on one CA must not overlap.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function sign(csrPem: string, opts: SignOptions, extensions: string): Promise<string> {
    const n = ++seq;
    const csr = join(dir, `req-${n}.csr`);
    const ext = join(dir, `req-${n}.ext`);
    const out = join(dir, `req-${n}.pem`);
    await writeFile(csr, csrPem);
    await writeFile(ext, extensions);
    const { start, end } = validity(opts);
    const subject = opts.subjectOverride ? ['-subj', opts.subjectOverride] : [];
    // prettier-ignore
    await openssl([
      'ca', '-batch', '-config', config, '-in', csr, '-out', out, '-notext', '-preserveDN',
      '-startdate', opensslTime(start), '-enddate', opensslTime(end),
      '-extfile', ext, '-extensions', 'leaf', ...subject,
    ]);
    return readFile(out, 'utf8');
  }

  return {
    certPem,
    certPath,
    signCsr: (csrPem, opts = {}) =>
      serial(() => sign(csrPem, opts, leafExtensions(opts.clientAuth === false ? undefined : 'clientAuth'))),
    async issueServerCert(hosts = ['127.0.0.1', 'localhost']) {
      const { keyPem, csrPem } = await makeKeyAndCsr(`/CN=${hosts[0]}/O=Test`);
      const altNames = hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`));
      const certPem = await serial(() => sign(csrPem, {}, leafExtensions('serverAuth', altNames)));
      return { keyPem, certPem };
    },
    dispose,
  };
}
