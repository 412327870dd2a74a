/** Making the key and CSR (OpenSSL in adapters/openssl/; a pool of ready pairs in the protocol tests). */
import type { KeyType } from '../domain/types.js';

export interface KeyAndCsr {
  /** PKCS#8 PEM; callers mask it before anything else happens. */
  privateKeyPem: string;
  csrPem: string;
}

/** How a caller follows and stops one OpenSSL call. */
export interface RunControl {
  /** Called once the process is spawned (not at all when the call fails before). */
  running?: () => void;
  /** Aborting ends the process (SIGTERM; on Windows, TerminateProcess); the call then fails. */
  signal?: AbortSignal;
}

export interface KeyMaker {
  /**
   * `control` (optional) says when OpenSSL's process runs, so the caller starts its own local work (compiling
   * libsodium, the artifact client) only then, and can stop a key it turns out not to need (issue 11).
   */
  createKeyAndCsr(keyType: KeyType, subject: [string, string][], control?: RunControl): Promise<KeyAndCsr>;
  csrPublicKey(csrPem: string, control?: RunControl): Promise<string>;
}
