// An in-memory CredentialStore: what the protocol sees of GitHub (or, with `readable`, of the CLI's folder),
// with its calls recorded in an EventLog, faults that fail one named call, and holds that pause one.
import type { CredentialStore, ListedVariable, SealedSecret } from '../../../src/ports/store.js';
import type { EventLog } from './events.js';

/** "Sealing" here is reversible on purpose: tests read back what was stored. */
const SEAL_PREFIX = 'sealed:';

export interface StoreSnapshot {
  secrets: Record<string, string>;
  variables: Record<string, string>;
}

export class MemoryStore implements CredentialStore {
  readonly location = 'memory store';
  readonly secrets = new Map<string, string>();
  readonly variables = new Map<string, string>();
  /** When setVariable last wrote each variable, in whole seconds as GitHub reports it (seeded ones: none). */
  readonly updatedAt = new Map<string, Date>();
  private readonly readable: boolean;
  /** How often a run asked to get sealing ready ahead, and how often the loading then began. */
  sealPrepared = 0;
  sealLoaded = 0;
  private readonly faults = new Map<string, Error>();
  private readonly holds = new Map<string, Promise<void>>();
  private readonly arrivals = new Map<string, () => void>();

  private readonly now: () => Date;

  constructor(
    private readonly events: EventLog,
    options: { readable?: boolean; now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.readable = options.readable === true;
  }

  /** Like the CLI's folder when `readable`, like GitHub (never a value, no call) otherwise. */
  async readSecret(name: string): Promise<string | undefined> {
    if (!this.readable) return undefined;
    await this.enter(`readSecret ${name}`, '');
    return this.secrets.get(name);
  }

  /** The next call named `call` (e.g. "setVariable MANGOPAY_MTLS_CSR") throws `error` instead. */
  failOn(call: string, error: Error = new Error(`${call} failed (injected)`)): void {
    this.faults.set(call, error);
  }

  /** The next call named `call` waits for `until` before it acts (explicit interleavings). */
  holdOn(call: string, until: Promise<void>): void {
    this.holds.set(call, until);
  }

  /** Resolves when the next call named `call` starts. */
  arrival(call: string): Promise<void> {
    return new Promise((resolve) => this.arrivals.set(call, resolve));
  }

  snapshot(): StoreSnapshot {
    return { secrets: Object.fromEntries(this.secrets), variables: Object.fromEntries(this.variables) };
  }

  /** The plain value of a stored secret. */
  secretValue(name: string): string | undefined {
    return this.secrets.get(name);
  }

  async readVariables(names: string[]): Promise<Map<string, ListedVariable>> {
    await this.enter('readVariables', names.join(','));
    const found = new Map<string, ListedVariable>();
    for (const name of names) {
      const value = this.variables.get(name.toUpperCase());
      if (value !== undefined)
        found.set(name.toUpperCase(), { value, updatedAt: this.updatedAt.get(name.toUpperCase()) });
    }
    return found;
  }

  async getVariable(name: string): Promise<string | undefined> {
    await this.enter(`getVariable ${name}`, '');
    return this.variables.get(name);
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.enter(`setVariable ${name}`, value);
    this.variables.set(name, value);
    this.updatedAt.set(name, new Date(Math.floor(this.now().getTime() / 1000) * 1000));
  }

  async deleteVariable(name: string): Promise<boolean> {
    await this.enter(`deleteVariable ${name}`, '');
    this.updatedAt.delete(name);
    return this.variables.delete(name);
  }

  /** Like GitHubStore: nothing to fetch here; counts when it was asked and when loading would begin. */
  async prepareToSeal(compileAfter: Promise<void> = Promise.resolve()): Promise<void> {
    this.sealPrepared++;
    await compileAfter;
    this.sealLoaded++;
  }

  async sealSecret(value: string): Promise<SealedSecret> {
    await this.enter('sealSecret', value);
    return { encryptedValue: SEAL_PREFIX + Buffer.from(value).toString('base64'), keyId: 'memory' };
  }

  async putSecret(name: string, sealed: SealedSecret): Promise<void> {
    await this.enter(`putSecret ${name}`, sealed.encryptedValue);
    if (!sealed.encryptedValue.startsWith(SEAL_PREFIX)) throw new Error('not sealed by this store');
    this.secrets.set(name, Buffer.from(sealed.encryptedValue.slice(SEAL_PREFIX.length), 'base64').toString());
  }

  async deleteSecret(name: string): Promise<boolean> {
    await this.enter(`deleteSecret ${name}`, '');
    return this.secrets.delete(name);
  }

  private async enter(call: string, payload: string): Promise<void> {
    this.events.push({ port: 'store', call, payload });
    this.arrivals.get(call)?.();
    this.arrivals.delete(call);
    const hold = this.holds.get(call);
    if (hold !== undefined) {
      this.holds.delete(call);
      await hold;
    }
    const fault = this.faults.get(call);
    if (fault !== undefined) {
      this.faults.delete(call);
      throw fault;
    }
  }
}
