/**
 * rollback's writes as data (pure): previous first, so a reader between any two writes finds one matching
 * pair, current or previous (shared/design.md, "Back to the previous credential"):
 *
 *   before      key=C  cert=C  key_PREVIOUS=P  cert_PREVIOUS=P    current pair matches
 *   1 key_PREV  key=C  cert=C  key_PREVIOUS=C  cert_PREVIOUS=P    current pair matches
 *   2 cert_PREV key=C  cert=C  key_PREVIOUS=C  cert_PREVIOUS=C    both match
 *   3 key       key=P  cert=C  key_PREVIOUS=C  cert_PREVIOUS=C    previous pair matches
 *   4 cert      key=P  cert=P  key_PREVIOUS=C  cert_PREVIOUS=C    both match: rolled back
 *
 * The same plan run again rolls the rollback back.
 */
import type { CredentialPair } from '../domain/pair.js';
import type { StoredNames } from '../domain/types.js';

export interface SwapWrite {
  kind: 'secret' | 'variable';
  name: string;
  /** The PEM to store there (in key-format when written). */
  pem: string;
}

export function rollbackSwap(
  names: StoredNames,
  current: CredentialPair,
  previous: CredentialPair,
): SwapWrite[] {
  return [
    { kind: 'secret', name: names.previousKeySecret, pem: current.keyPem },
    { kind: 'variable', name: names.previousCertificateVariable, pem: current.certificatePem },
    { kind: 'secret', name: names.keySecret, pem: previous.keyPem },
    { kind: 'variable', name: names.certificateVariable, pem: previous.certificatePem },
  ];
}
