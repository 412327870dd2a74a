// A KeyMaker that hands out key + CSR pairs made beforehand with the real openssl (test-ca.ts), so protocol
// tests are fast and deterministic; it knows the public key of every CSR it handed out.
import { createPublicKey } from 'node:crypto';
import type { KeyMaker } from '../../../src/deps.js';
import type { KeyAndCsr } from '../../../src/openssl.js';
import type { KeyType } from '../../../src/types.js';
import { makeKeyAndCsr } from '../test-ca.js';

export interface KeyPair {
  keyPem: string;
  csrPem: string;
}

export async function makePairs(count: number, subject?: string): Promise<KeyPair[]> {
  const pairs: KeyPair[] = [];
  for (let i = 0; i < count; i++) pairs.push(await makeKeyAndCsr(subject));
  return pairs;
}

export class PooledKeyMaker implements KeyMaker {
  readonly made: { keyType: KeyType; subject: [string, string][] }[] = [];
  /** How often a run asked to get OpenSSL ready ahead of a key. */
  prepared = 0;
  private next = 0;
  private readonly publicKeys = new Map<string, string>();
  private hold: Promise<void> | undefined;

  constructor(private readonly pairs: KeyPair[]) {
    for (const pair of pairs) {
      const publicKey = createPublicKey(pair.keyPem).export({ type: 'spki', format: 'pem' }).toString();
      this.publicKeys.set(pair.csrPem, publicKey);
    }
  }

  prepare(): void {
    this.prepared++;
  }

  createKeyAndCsr(keyType: KeyType, subject: [string, string][]): Promise<KeyAndCsr> {
    const pair = this.pairs[this.next++];
    if (pair === undefined) return Promise.reject(new Error('the key pool is empty'));
    this.made.push({ keyType, subject });
    const made = { privateKeyPem: pair.keyPem, csrPem: pair.csrPem };
    const hold = this.hold;
    this.hold = undefined;
    return hold === undefined ? Promise.resolve(made) : hold.then(() => made);
  }

  /** The next key is handed out only once `until` resolves (OpenSSL still working). */
  holdNext(until: Promise<void>): void {
    this.hold = until;
  }

  csrPublicKey(csrPem: string): Promise<string> {
    const publicKey = this.publicKeys.get(csrPem);
    return publicKey === undefined ? Promise.reject(new Error('unknown CSR')) : Promise.resolve(publicKey);
  }
}
