// Test material made on the fly with the real openssl: no key or certificate is committed.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DAY_MS, makeKeyAndCsr, openssl, type TestCa } from './test-ca.js';

/** A key and a certificate for it, signed by `ca`, valid from `daysAgo` days ago for `daysLeft` more days. */
export async function issuedCredential(
  ca: TestCa,
  {
    daysLeft,
    daysAgo = 30,
    subject = '/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU',
  }: { daysLeft: number; daysAgo?: number; subject?: string },
): Promise<{ keyPem: string; certPem: string }> {
  const { keyPem, csrPem } = await makeKeyAndCsr(subject);
  const now = Date.now();
  const certPem = await ca.signCsr(csrPem, {
    notBefore: new Date(now - daysAgo * DAY_MS),
    notAfter: new Date(now + daysLeft * DAY_MS),
  });
  return { keyPem, certPem };
}

/** Hex SHA-256 of the DER SubjectPublicKeyInfo of a key or certificate (independent of src/). */
export function spkiSha256(pem: string): string {
  const key = pem.includes('CERTIFICATE-----') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** What openssl itself says about a CSR: subject (in order), extensions, signature check, public key. */
export async function inspectCsr(
  csrPem: string,
): Promise<{ subject: string; text: string; publicKeyPem: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'inspect-csr-'));
  try {
    const file = path.join(dir, 'req.csr');
    await writeFile(file, csrPem);
    const subject = (
      await openssl(['req', '-in', file, '-noout', '-subject', '-nameopt', 'sep_comma_plus'])
    ).trim();
    const text = await openssl(['req', '-in', file, '-noout', '-text', '-verify']);
    const publicKeyPem = await openssl(['req', '-in', file, '-noout', '-pubkey']);
    return { subject, text, publicKeyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The default stored names (action.yml defaults), as the tests look them up in the fake. */
export const KEY = 'MANGOPAY_MTLS_KEY';
export const PENDING = 'MANGOPAY_MTLS_KEY_PENDING';
export const PREVIOUS = 'MANGOPAY_MTLS_KEY_PREVIOUS';
export const CERT = 'MANGOPAY_MTLS_CERT';
export const CERT_PREVIOUS = 'MANGOPAY_MTLS_CERT_PREVIOUS';
export const CSR = 'MANGOPAY_MTLS_CSR';

/** Repository-scope routes, as OpenAPI templates (what the fake records and faults match). */
export const VARIABLES = '/repos/{owner}/{repo}/actions/variables';
export const VARIABLE = '/repos/{owner}/{repo}/actions/variables/{name}';
export const PUBLIC_KEY = '/repos/{owner}/{repo}/actions/secrets/public-key';
export const SECRET = '/repos/{owner}/{repo}/actions/secrets/{secret_name}';
