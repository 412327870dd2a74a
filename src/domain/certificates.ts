/**
 * Reading keys and certificates with Node's own crypto (parsing only; generation is openssl's job).
 * Keys are compared by their DER SubjectPublicKeyInfo.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { pemBlocks } from './pem.js';
import { isoUtc } from './schedule.js';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 fingerprint, colon-separated hex as openssl and GitHub show it. */
  fingerprint256: string;
  commonName?: string;
  clientAuth: boolean;
  publicKeySha256: string;
}

const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

/** DER SubjectPublicKeyInfo of a private key, public key or certificate given as PEM. */
export function spkiDer(pem: string): Buffer {
  const block = pemBlocks(pem)[0];
  if (block === undefined) throw new Error('no PEM block');
  if (block.label === 'CERTIFICATE') {
    return new X509Certificate(block.text).publicKey.export({ type: 'spki', format: 'der' });
  }
  const key = block.label.includes('PRIVATE KEY')
    ? createPublicKey(createPrivateKey(block.text))
    : createPublicKey(block.text);
  return key.export({ type: 'spki', format: 'der' });
}

/** Hex SHA-256 of the DER SubjectPublicKeyInfo: the `public-key-sha256` output. */
export function publicKeySha256(pem: string): string {
  return spkiSha256(spkiDer(pem));
}

/** The same, for a SubjectPublicKeyInfo already in hand. */
export function spkiSha256(spki: Buffer): string {
  return createHash('sha256').update(spki).digest('hex');
}

/** The leaf (first) certificate of a PEM text. */
export function leafCertificate(pem: string): X509Certificate {
  const block = pemBlocks(pem).find((candidate) => candidate.label === 'CERTIFICATE');
  if (block === undefined) throw new Error('no CERTIFICATE block');
  return new X509Certificate(block.text);
}

export function describeCertificate(pem: string): CertificateInfo {
  const cert = leafCertificate(pem);
  return {
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    fingerprint256: cert.fingerprint256,
    commonName: /^CN=(.*)$/m.exec(cert.subject)?.[1],
    clientAuth: extendedKeyUsages(cert).includes(CLIENT_AUTH_OID),
    publicKeySha256: createHash('sha256')
      .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
  };
}

/** "CN=a, O=b, C=c" from Node's one-attribute-per-line form. */
function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

export function validityText(info: CertificateInfo): string {
  return `${isoUtc(info.notBefore)} to ${isoUtc(info.notAfter)}`;
}

/** Node 24 names it extKeyUsage (keyUsage is the deprecated alias that Node 20 has). */
function extendedKeyUsages(cert: X509Certificate): string[] {
  return (cert as X509Certificate & { extKeyUsage?: string[] }).extKeyUsage ?? cert.keyUsage ?? [];
}
