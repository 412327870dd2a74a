/**
 * Secrets and variables of a GitHub repository, environment or organization (./place.ts), through the
 * REST API. Secret values are sealed (libsodium crypto_box_seal) with the target's public key, which is
 * fetched once per run.
 */
import type { GitHubClient } from './client.js';
import { callGitHub, explainGitHubError, statusOf, type CallPurpose } from './errors.js';
import type { StorePlace } from './place.js';
import type { CredentialStore, ListedVariable, SealedSecret } from '../../ports/store.js';
import { timestamp } from '../../domain/json.js';

export class GitHubStore implements CredentialStore {
  readonly location: string;
  private readonly place: StorePlace;
  private publicKey?: Promise<{ key: string; key_id: string }>;

  /** `place`: a repository or environment (RepositoryPlace), or an organization (OrganizationPlace). */
  constructor(
    private readonly octokit: GitHubClient,
    place: StorePlace,
    private readonly mask: (value: string) => void,
  ) {
    this.place = place;
    this.location = place.location;
  }

  async readVariables(names: string[]): Promise<Map<string, ListedVariable>> {
    // One listing answers for every name (and a 404 here means the target itself is missing).
    const wanted = new Set(names.map((name) => name.toUpperCase()));
    const noticed = this.place.notice('variables', names);
    const found = await this.listVariables(wanted);
    await noticed;
    return found;
  }

  private async listVariables(wanted: Set<string>): Promise<Map<string, ListedVariable>> {
    const found = new Map<string, ListedVariable>();
    const purpose = this.purpose('list variables', 'Variables', 'read');
    for (let page = 1; ; page++) {
      const response = await callGitHub(purpose, () =>
        this.octokit.request(`GET ${this.prefix('variables')}`, { ...this.params(), per_page: 30, page }),
      );
      const data = response.data as {
        total_count: number;
        variables: { name: string; value: string; updated_at?: unknown }[];
      };
      for (const variable of data.variables) {
        if (wanted.has(variable.name.toUpperCase()))
          found.set(variable.name.toUpperCase(), {
            value: variable.value,
            updatedAt: timestamp(variable.updated_at),
          });
      }
      if (found.size === wanted.size || data.variables.length === 0 || page * 30 >= data.total_count)
        return found;
    }
  }

  async getVariable(name: string): Promise<string | undefined> {
    try {
      const response = await this.octokit.request(`GET ${this.prefix('variables')}/{name}`, {
        ...this.params(),
        name,
      });
      return (response.data as { value: string }).value;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw explainGitHubError(error, this.purpose(`read variable ${name}`, 'Variables', 'read'));
    }
  }

  async setVariable(name: string, value: string, exists: boolean): Promise<void> {
    const purpose = this.purpose(`write variable ${name}`, 'Variables', 'write');
    const fields = await this.place.writeFields();
    await this.place.notice('variables', [name]);
    const body = { ...this.params(), ...fields, name, value };
    const update = () => this.octokit.request(`PATCH ${this.prefix('variables')}/{name}`, body);
    const create = () => this.octokit.request(`POST ${this.prefix('variables')}`, body);
    try {
      await (exists ? update() : create());
    } catch (error) {
      // Someone else created or removed it since we read it: try the other verb once.
      const wrongGuess = exists ? statusOf(error) === 404 : statusOf(error) === 409;
      if (!wrongGuess) throw explainGitHubError(error, purpose);
      await callGitHub(purpose, exists ? create : update);
    }
  }

  async deleteVariable(name: string): Promise<boolean> {
    return this.delete(
      `DELETE ${this.prefix('variables')}/{name}`,
      { name },
      this.purpose(`delete variable ${name}`, 'Variables', 'write'),
    );
  }

  /** Starts what sealing needs (the public key, libsodium) so it can overlap other work. */
  /** GitHub never returns a secret's value: the action takes keys as inputs. */
  readSecret(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async prepareToSeal(compileAfter: Promise<void> = Promise.resolve()): Promise<void> {
    // The calls go out first: compiling libsodium holds this one thread, and the answers can travel meanwhile.
    const calls = Promise.all([this.loadPublicKey(), this.place.writeFields()]);
    calls.catch(() => undefined); // awaited below, after a turn of the event loop
    await compileAfter;
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([calls, loadSodium()]);
  }

  async sealSecret(value: string): Promise<SealedSecret> {
    // Organization scope: the selected repositories are looked up before anything is encrypted.
    await this.place.writeFields();
    const publicKey = await this.loadPublicKey();
    const sodium = await loadSodium();
    const box = sodium.crypto_box_seal(
      sodium.from_string(value),
      sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL),
    );
    const encryptedValue = sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
    this.mask(encryptedValue);
    return { encryptedValue, keyId: publicKey.key_id };
  }

  /**
   * The target's public key, fetched once per run. A failure is kept too: the call was already retried as
   * far as it should be, and asking again would retry a final 4xx.
   */
  private async loadPublicKey(): Promise<{ key: string; key_id: string }> {
    this.publicKey ??= callGitHub(
      this.purpose('read the Actions secrets public key', 'Secrets', 'read'),
      async () => {
        const response = await this.octokit.request(
          `GET ${this.prefix('secrets')}/public-key`,
          this.params(),
        );
        return response.data as { key: string; key_id: string };
      },
    );
    return this.publicKey;
  }

  async putSecret(name: string, sealed: SealedSecret): Promise<void> {
    const fields = await this.place.writeFields();
    await this.place.notice('secrets', [name]);
    await callGitHub(this.purpose(`write secret ${name}`, 'Secrets', 'write'), () =>
      this.octokit.request(`PUT ${this.prefix('secrets')}/{secret_name}`, {
        ...this.params(),
        ...fields,
        secret_name: name,
        encrypted_value: sealed.encryptedValue,
        key_id: sealed.keyId,
      }),
    );
  }

  async deleteSecret(name: string): Promise<boolean> {
    return this.delete(
      `DELETE ${this.prefix('secrets')}/{secret_name}`,
      { secret_name: name },
      this.purpose(`delete secret ${name}`, 'Secrets', 'write'),
    );
  }

  private async delete(route: string, names: Record<string, string>, purpose: CallPurpose): Promise<boolean> {
    try {
      await this.octokit.request(route, { ...this.params(), ...names });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw explainGitHubError(error, purpose);
    }
  }

  private prefix(kind: 'secrets' | 'variables'): string {
    return this.place.prefix(kind);
  }

  private params(): Record<string, string> {
    return this.place.params();
  }

  private purpose(action: string, resource: 'Secrets' | 'Variables', access: 'read' | 'write'): CallPurpose {
    return this.place.purpose(action, resource, access);
  }
}

/** libsodium, loaded on first use: only runs that store a secret need it (check and not-due never do). */
async function loadSodium() {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  return sodium;
}
