/**
 * Reads a PKCS#10 CSR with a small DER walker and node:crypto, so tests can check what an openssl made
 * without asking an openssl (RFC 2986 for the structure, RFC 5280 for names and extensions).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

interface Tlv {
  tag: number;
  /** The whole element, header included. */
  der: Buffer;
  content: Buffer;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
};
const STRING_TYPES: Record<number, string> = {
  0x0c: 'UTF8String',
  0x13: 'PrintableString',
  0x16: 'IA5String',
  0x1e: 'BMPString',
};
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const EXTENDED_KEY_USAGE = '2.5.29.37';
export const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const CURVE_OIDS = { 'P-256': '1.2.840.10045.3.1.7', 'P-384': '1.3.132.0.34' } as const;

export interface ParsedCsr {
  /** The subject's RDNs in DER order: [name, value, string type]. */
  subject: [string, string, string][];
  /** Every extendedKeyUsage OID the CSR asks for. */
  extendedKeyUsage: string[];
  publicKey: KeyObject;
  signatureAlgorithm: string;
  /** The signature (RSA PKCS#1 v1.5 or ECDSA, SHA-256) checked with node:crypto over CertificationRequestInfo. */
  signatureValid: boolean;
}

function readTlv(buf: Buffer, offset: number): Tlv {
  const tag = buf[offset];
  let length = buf[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = buf.readUIntBE(offset + 2, count);
    header += count;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new Error(`DER element at ${offset} runs past the end`);
  return { tag, der: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
}

function children(parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = 0; offset < parent.content.length;) {
    const item = readTlv(parent.content, offset);
    items.push(item);
    offset += item.der.length;
  }
  return items;
}

function oid(tlv: Tlv): string {
  if (tlv.tag !== 0x06) throw new Error(`expected an OID, found tag ${tlv.tag}`);
  const bytes = tlv.content;
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export function csrDer(csrPem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]+?)-----END CERTIFICATE REQUEST-----/.exec(csrPem);
  if (body === null) throw new Error('no CERTIFICATE REQUEST block');
  return Buffer.from(body[1].replace(/\s+/g, ''), 'base64');
}

export function parseCsr(csrPem: string): ParsedCsr {
  const [info, algorithm, signature] = children(readTlv(csrDer(csrPem), 0));
  const [, name, spki, attributes] = children(info);

  const subject = children(name).flatMap((rdn) =>
    children(rdn).map((pair): [string, string, string] => {
      const [type, value] = children(pair);
      const id = oid(type);
      return [
        ATTRIBUTE_NAMES[id] ?? id,
        value.content.toString('utf8'),
        STRING_TYPES[value.tag] ?? `${value.tag}`,
      ];
    }),
  );

  const extendedKeyUsage: string[] = [];
  for (const attribute of attributes === undefined ? [] : children(attributes)) {
    const [type, values] = children(attribute);
    if (oid(type) !== EXTENSION_REQUEST) continue;
    for (const extension of children(children(values)[0])) {
      const parts = children(extension);
      if (oid(parts[0]) !== EXTENDED_KEY_USAGE) continue;
      // extnValue is the last part (after the optional critical flag): an OCTET STRING around the DER.
      const usages = readTlv(parts[parts.length - 1].content, 0);
      extendedKeyUsage.push(...children(usages).map(oid));
    }
  }

  const publicKey = createPublicKey({ key: spki.der, format: 'der', type: 'spki' });
  const signatureAlgorithm = oid(children(algorithm)[0]);
  // BIT STRING: the first content byte counts unused bits (0 for a signature).
  const signatureBytes = signature.content.subarray(1);
  // ECDSA signatures are DER (r, s) sequences, node:crypto's default dsaEncoding.
  const signatureValid =
    (signatureAlgorithm === SHA256_WITH_RSA || signatureAlgorithm === ECDSA_WITH_SHA256) &&
    verify('sha256', info.der, publicKey, signatureBytes);
  return { subject, extendedKeyUsage, publicKey, signatureAlgorithm, signatureValid };
}

/**
 * The AlgorithmIdentifier of a PKCS#8 private key PEM (RFC 5208): the algorithm OID and its parameters, an
 * OID for a named curve, otherwise the parameters' tag ("NULL" for RSA, "SEQUENCE" for explicit EC parameters).
 */
export function pkcs8Algorithm(keyPem: string): { algorithm: string; parameters: string } {
  const body = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(keyPem);
  if (body === null) throw new Error('no PRIVATE KEY block');
  const [, algorithmIdentifier] = children(readTlv(Buffer.from(body[1].replace(/\s+/g, ''), 'base64'), 0));
  const [algorithm, parameters] = children(algorithmIdentifier);
  const kind = parameters.tag === 0x06 ? oid(parameters) : parameters.tag === 0x05 ? 'NULL' : 'SEQUENCE';
  return { algorithm: oid(algorithm), parameters: kind };
}

/** The same CSR with one bit of its signature flipped (the signature is the DER's tail). */
export function tamperSignature(csrPem: string): string {
  const der = csrDer(csrPem);
  der[der.length - 5] ^= 0x01;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
