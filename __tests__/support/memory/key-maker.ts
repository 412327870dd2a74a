// A KeyMaker that hands out key + CSR pairs made beforehand with the real openssl (test-ca.ts), so protocol
// tests are fast and deterministic; it knows the public key of every CSR it handed out.
import { createPublicKey } from 'node:crypto';
import type { KeyAndCsr, KeyMaker, RunControl } from '../../../src/ports/key-maker.js';
import type { KeyType } from '../../../src/domain/types.js';
import { makeKeyAndCsr } from '../test-ca.js';

/** How a held key generation ended (holdNext). */
export type HeldKeyEnd = 'stopped' | 'handed out';

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
  /** The CSRs whose public key was asked for, in order. */
  readonly read: string[] = [];
  /** Keys stopped before they were handed out (made early, then not needed). */
  stopped = 0;
  private next = 0;
  private readonly publicKeys = new Map<string, string>();
  private readonly returned: KeyPair[] = [];
  private hold: { until: Promise<void>; ended: (how: HeldKeyEnd) => void } | undefined;
  private spawnHold: Promise<void> | undefined;

  constructor(private readonly pairs: KeyPair[]) {
    for (const pair of pairs) {
      const publicKey = createPublicKey(pair.keyPem).export({ type: 'spki', format: 'pem' }).toString();
      this.publicKeys.set(pair.csrPem, publicKey);
    }
  }

  async createKeyAndCsr(
    keyType: KeyType,
    subject: [string, string][],
    control: RunControl = {},
  ): Promise<KeyAndCsr> {
    const pair = this.returned.shift() ?? this.pairs[this.next++];
    if (pair === undefined) throw new Error('the key pool is empty');
    this.made.push({ keyType, subject });
    const hold = this.hold;
    this.hold = undefined;
    await this.spawn(control);
    // Like OpenSSL ended by the stop: the key held back is never handed out, and goes back to the pool
    // (nobody saw it), so the next run's key is the one a test expects.
    await Promise.race([hold?.until, aborted(control.signal)]);
    if (control.signal?.aborted === true) {
      this.stopped++;
      this.returned.push(pair);
      hold?.ended('stopped');
      throw new Error('stopped before it could generate the private key and CSR');
    }
    hold?.ended('handed out');
    return { privateKeyPem: pair.keyPem, csrPem: pair.csrPem };
  }

  /**
   * The next key is handed out only once `until` resolves (OpenSSL still working). `ended` resolves with how
   * that call ended: stopped (its signal aborted first), or handed out (`until` first).
   */
  holdNext(until: Promise<void>): { ended: Promise<HeldKeyEnd> } {
    return { ended: new Promise((ended) => (this.hold = { until, ended })) };
  }

  /** The next OpenSSL call starts (and says that it runs) only once `until` resolves. */
  holdSpawn(until: Promise<void>): void {
    this.spawnHold = until;
  }

  async csrPublicKey(csrPem: string, control: RunControl = {}): Promise<string> {
    this.read.push(csrPem);
    await this.spawn(control);
    const publicKey = this.publicKeys.get(csrPem);
    if (publicKey === undefined) throw new Error('unknown CSR');
    return publicKey;
  }

  private async spawn(control: RunControl): Promise<void> {
    const hold = this.spawnHold;
    this.spawnHold = undefined;
    await hold;
    // Like OpenSsl: a call stopped before its spawn starts no process, so it never says it runs.
    if (control.signal?.aborted !== true) control.running?.();
  }
}

/** Resolves when `signal` aborts, at once if it has (never without one). */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}
