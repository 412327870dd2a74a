/**
 * A request run starts OpenSSL before it reads the stored state (issue 11): the key and CSR depend only on
 * the settings, so they are made while the state read is on the network. A key that turns out not to be
 * needed (not due, or a request pending) is stopped: OpenSSL is ended, the key is never printed, masked,
 * stored or written, and the run ends only once OpenSSL has exited, so nothing of it stays behind.
 */
import type { KeyMaker } from '../../ports/key-maker.js';
import type { KeyAndCsr } from '../../ports/key-maker.js';
import type { KeyType } from '../../domain/types.js';

/** OpenSSL work, and the moment its process runs: then local work can start without holding up the spawn. */
export interface Started<T> {
  work: Promise<T>;
  /** Resolves once OpenSSL runs, or once the work settled (a failure before the spawn; a fake). */
  running: Promise<void>;
}

export function started<T>(start: (running: () => void) => Promise<T>): Started<T> {
  let signal: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (signal = resolve));
  const work = start(signal);
  work.then(
    () => signal(),
    () => signal(),
  );
  return { work, running };
}

export interface KeyRequest {
  keyType: KeyType;
  subject: [string, string][];
}

export class EarlyKey {
  private readonly stop = new AbortController();
  private readonly making: Started<KeyAndCsr>;
  private taken = false;

  constructor(openssl: KeyMaker, key: KeyRequest) {
    const { signal } = this.stop;
    this.making = started((running) =>
      openssl.createKeyAndCsr(key.keyType, key.subject, { running, signal }),
    );
    // Marked as handled: an unused key's failure (no OpenSSL here, say) must not fail a run that needs none.
    this.making.work.catch(() => undefined);
  }

  /** The key and CSR being made, for a run that needs them. */
  take(): Started<KeyAndCsr> {
    this.taken = true;
    return this.making;
  }

  /** The key is not needed: OpenSSL is stopped (unless the key was taken). */
  drop(): void {
    if (!this.taken) this.stop.abort();
  }

  /** Drops a key nobody took and waits for OpenSSL to end, so nothing of it runs or stays after the run. */
  async settled(): Promise<void> {
    this.drop();
    await this.making.work.catch(() => undefined);
  }
}
