/**
 * A request run starts OpenSSL before it reads the stored state (issue 11): the key and CSR depend only on
 * the settings, and making them takes longer than the state read and the public key read together, so on
 * a hosted runner they come off the critical path. When the run then finds nothing to do (not due, or a
 * request pending), the key is dropped unused: never masked because never printed, stored or written.
 * The price is the OpenSSL work of a run that did not need it; it is paid only for the key types OpenSSL
 * makes in a fraction of a second (RSA 3072/4096 can take seconds, so those wait for the decision).
 */
import type { KeyMaker } from '../deps.js';
import type { KeyAndCsr } from '../openssl.js';
import type { KeyType } from '../types.js';

const QUICK_TO_MAKE: ReadonlySet<KeyType> = new Set<KeyType>(['rsa-2048', 'ec-p256', 'ec-p384']);

/** Whether a request run of this key type makes its key before knowing that it needs one. */
export const makesKeyEarly = (keyType: KeyType): boolean => QUICK_TO_MAKE.has(keyType);

export interface KeyRequest {
  keyType: KeyType;
  subject: [string, string][];
}

export class EarlyKey {
  private readonly making: Promise<KeyAndCsr> | undefined;
  private taken = false;

  constructor(
    private readonly openssl: KeyMaker,
    private readonly key: KeyRequest,
  ) {
    this.making = makesKeyEarly(key.keyType) ? openssl.createKeyAndCsr(key.keyType, key.subject) : undefined;
    // Marked as handled: an unused key's failure (no OpenSSL here, say) must not fail a run that needs none.
    this.making?.catch(() => undefined);
  }

  /** The key and CSR: the one started early, or a new one for key types that are not made early. */
  take(): Promise<KeyAndCsr> {
    if (this.taken) throw new Error('the early key was taken twice');
    this.taken = true;
    return this.making ?? this.openssl.createKeyAndCsr(this.key.keyType, this.key.subject);
  }

  /** Waits for unused work to end, so nothing of it runs (or stays on disk) after the run. */
  async settled(): Promise<void> {
    await this.making?.catch(() => undefined);
  }
}
