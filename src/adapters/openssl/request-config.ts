/**
 * What `openssl req` is asked to make: the key arguments and checks per key type, and the request config
 * file (subject and extendedKeyUsage=clientAuth). Pure: no process, no file.
 */
import type { KeyObject } from 'node:crypto';
import type { KeyType } from '../../domain/types.js';

export interface KeySpec {
  /** The `req` arguments that make this key. */
  newKey: string[];
  /** For messages: "RSA 2048", "EC P-256". */
  name: string;
  /** Whether a key openssl printed is the one asked for. */
  matches(key: KeyObject): boolean;
}

const rsa = (bits: number): KeySpec => ({
  newKey: ['-newkey', `rsa:${bits}`],
  name: `RSA ${bits}`,
  matches: (key) => key.asymmetricKeyType === 'rsa' && key.asymmetricKeyDetails?.modulusLength === bits,
});

// id-ecPublicKey followed by the curve's OID: the AlgorithmIdentifier of a PKCS#8 key on a *named* curve
// (explicit parameters would be a SEQUENCE there, and Node may still report a curve name for them).
const EC_PUBLIC_KEY_OID = '06072a8648ce3d0201';
const ec = (curve: string, nodeName: string, curveOid: string): KeySpec => ({
  newKey: ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-pkeyopt', 'ec_param_enc:named_curve'],
  name: `EC ${curve} (named curve)`,
  matches: (key) =>
    key.asymmetricKeyType === 'ec' &&
    key.asymmetricKeyDetails?.namedCurve === nodeName &&
    key
      .export({ type: 'pkcs8', format: 'der' })
      .subarray(0, 32)
      .toString('hex')
      .includes(EC_PUBLIC_KEY_OID + curveOid),
});

export const KEY_SPECS: Record<KeyType, KeySpec> = {
  'rsa-2048': rsa(2048),
  'rsa-3072': rsa(3072),
  'rsa-4096': rsa(4096),
  'ec-p256': ec('P-256', 'prime256v1', '06082a8648ce3d030107'),
  'ec-p384': ec('P-384', 'secp384r1', '06052b81040022'),
};

/**
 * Our request template. `encrypt_key = no` backs up -nodes/-noenc on every flavour. Each subject line gets
 * its own `N.` prefix, so a repeated type stays (req ignores what comes before the first `.`) and the order
 * is the order written.
 */
export function requestConfig(subject: [string, string][]): string {
  return [
    '[ req ]',
    'prompt = no',
    'encrypt_key = no',
    'distinguished_name = dn',
    'req_extensions = ext',
    'string_mask = utf8only',
    'default_md = sha256',
    '',
    '[ dn ]',
    ...subject.map(([name, value], index) => `${index}.${configName(name)} = ${configValue(value)}`),
    '',
    '[ ext ]',
    'extendedKeyUsage = clientAuth',
    '',
  ].join('\n');
}

/** A known attribute short name; anything else would be config syntax, so it is refused, not escaped. */
function configName(name: string): string {
  if (!/^[A-Za-z]+$/.test(name)) throw new Error(`not a subject attribute type: ${name}`);
  return name;
}

/**
 * A subject value as config text. The `subject` input already refuses `\ " $ #` and controls; still, every
 * ASCII character other than a letter, digit or inner space is backslash-escaped (the config reader's escape
 * turns `\x` back into `x`), so a quote (`'`), `$`, `#` or `\` can never become syntax. Line breaks and
 * other controls cannot be escaped and are refused.
 */
export function configValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || /^ | $/.test(value) || value === '') {
    throw new Error('a subject value is empty, has control characters or leading or trailing spaces');
  }
  return value.replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`);
}
