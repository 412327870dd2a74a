/**
 * A request run starts OpenSSL before it reads the stored state when that costs nothing (issue 11): the key
 * and CSR depend only on the settings, so they are made while the state read is on the network. It costs
 * nothing when the key is surely needed (`force: true` makes a key whatever is stored) or quick to make (EC:
 * milliseconds). An RSA key without `force` waits for the decision: most scheduled runs are not due, and they
 * would wait for an RSA key (a few hundred ms, more on a busy runner) that they then drop; that cannot be
 * stopped early, as @actions/exec gives no handle on the process.
 * A key made early and not needed (EC, not due or pending) is dropped: never printed, masked, stored or
 * written, and the run ends only once OpenSSL has exited.
 */
import type { KeyMaker } from '../deps.js';
import type { KeyAndCsr } from '../openssl.js';
import type { KeyType } from '../types.js';

const QUICK_TO_MAKE: ReadonlySet<KeyType> = new Set<KeyType>(['ec-p256', 'ec-p384']);

/** Whether a request run makes its key before knowing that it needs one. */
export const makesKeyEarly = (key: { keyType: KeyType; force: boolean }): boolean =>
  key.force || QUICK_TO_MAKE.has(key.keyType);

export interface KeyRequest {
  keyType: KeyType;
  subject: [string, string][];
  force: boolean;
}

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

export class EarlyKey {
  private readonly making: Promise<KeyAndCsr> | undefined;

  constructor(
    private readonly openssl: KeyMaker,
    private readonly key: KeyRequest,
  ) {
    this.making = makesKeyEarly(key) ? openssl.createKeyAndCsr(key.keyType, key.subject) : undefined;
    // Otherwise at least `openssl version` runs beside the state read (milliseconds), so a key that is due
    // starts at once instead of after it.
    if (this.making === undefined) openssl.prepare?.();
    // Marked as handled: an unused key's failure (no OpenSSL here, say) must not fail a run that needs none.
    this.making?.catch(() => undefined);
  }

  /** The key and CSR: the one started early (running since), or a new one for keys not made early. */
  take(): Started<KeyAndCsr> {
    if (this.making !== undefined) return { work: this.making, running: Promise.resolve() };
    return started((running) => this.openssl.createKeyAndCsr(this.key.keyType, this.key.subject, running));
  }

  /** Waits for unused work to end, so nothing of it runs (or stays on disk) after the run. */
  async settled(): Promise<void> {
    await this.making?.catch(() => undefined);
  }
}
