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
  /** The CSRs whose public key was asked for, in order. */
  readonly read: string[] = [];
  private hold: Promise<void> | undefined;
  private spawnHold: Promise<void> | undefined;

  constructor(private readonly pairs: KeyPair[]) {
    for (const pair of pairs) {
      const publicKey = createPublicKey(pair.keyPem).export({ type: 'spki', format: 'pem' }).toString();
      this.publicKeys.set(pair.csrPem, publicKey);
    }
  }

  prepare(): void {
    this.prepared++;
  }

  async createKeyAndCsr(
    keyType: KeyType,
    subject: [string, string][],
    running?: () => void,
  ): Promise<KeyAndCsr> {
    const pair = this.pairs[this.next++];
    if (pair === undefined) throw new Error('the key pool is empty');
    this.made.push({ keyType, subject });
    const hold = this.hold;
    this.hold = undefined;
    await this.spawn(running);
    await hold;
    return { privateKeyPem: pair.keyPem, csrPem: pair.csrPem };
  }

  /** The next key is handed out only once `until` resolves (OpenSSL still working). */
  holdNext(until: Promise<void>): void {
    this.hold = until;
  }

  /** The next OpenSSL call starts (and says that it runs) only once `until` resolves. */
  holdSpawn(until: Promise<void>): void {
    this.spawnHold = until;
  }

  async csrPublicKey(csrPem: string, running?: () => void): Promise<string> {
    this.read.push(csrPem);
    await this.spawn(running);
    const publicKey = this.publicKeys.get(csrPem);
    if (publicKey === undefined) throw new Error('unknown CSR');
    return publicKey;
  }

  private async spawn(running: (() => void) | undefined): Promise<void> {
    const hold = this.spawnHold;
    this.spawnHold = undefined;
    await hold;
    running?.();
  }
}
