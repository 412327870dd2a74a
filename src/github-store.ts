/**
 * Secrets and variables of a GitHub repository or environment, through the REST API. Secret values are
 * sealed (libsodium crypto_box_seal) with the target's public key, which is fetched once per run.
 */
import { createGitHubClient, type GitHubClient } from './github.js';
import { explainGitHubError, type CallPurpose } from './github-errors.js';
import { GitHubIssueTracker } from './issue/github-tracker.js';
import type { IssueTracker } from './issue/tracker.js';
import type { IssueSettings } from './issue-settings.js';
import type { CredentialStore, SealedSecret } from './store.js';

export interface GitHubTarget {
  owner: string;
  repo: string;
  /** Set for secret-scope: environment. */
  environment?: string;
}

/**
 * The action's GitHub side, loaded on demand (one chunk of the bundle): the store, one Octokit configured
 * once for the target the settings name, and the rotation issue's tracker, whose client uses issue-token.
 */
export function connectGitHub(
  github: { token: string; apiUrl: string } & GitHubTarget,
  io: { log: (message: string) => void; mask: (value: string) => void },
): { store: GitHubStore; issueTracker: (issue: IssueSettings) => IssueTracker } {
  const { token, apiUrl, owner, repo, environment } = github;
  const octokit = createGitHubClient({ token, baseUrl: apiUrl, log: io.log });
  return {
    store: new GitHubStore(octokit, { owner, repo, environment }, io.mask),
    issueTracker: (issue) =>
      new GitHubIssueTracker(
        createGitHubClient({ token: issue.token, baseUrl: apiUrl, log: io.log }),
        `${issue.owner}/${issue.repo}`,
      ),
  };
}

export class GitHubStore implements CredentialStore {
  readonly location: string;
  private publicKey?: Promise<{ key: string; key_id: string }>;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly target: GitHubTarget,
    private readonly mask: (value: string) => void,
  ) {
    const repository = `${target.owner}/${target.repo}`;
    this.location =
      target.environment === undefined
        ? `repository ${repository}`
        : `environment "${target.environment}" of ${repository}`;
  }

  async readVariables(names: string[]): Promise<Map<string, string>> {
    // One listing answers for every name (and a 404 here means the target itself is missing).
    const wanted = new Set(names.map((name) => name.toUpperCase()));
    const found = new Map<string, string>();
    const purpose = this.purpose('list variables', 'Variables', 'read');
    for (let page = 1; ; page++) {
      const response = await this.call(purpose, () =>
        this.octokit.request(`GET ${this.prefix('variables')}`, { ...this.params(), per_page: 30, page }),
      );
      const data = response.data as { total_count: number; variables: { name: string; value: string }[] };
      for (const variable of data.variables) {
        if (wanted.has(variable.name.toUpperCase())) found.set(variable.name.toUpperCase(), variable.value);
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
    const update = () =>
      this.octokit.request(`PATCH ${this.prefix('variables')}/{name}`, { ...this.params(), name, value });
    const create = () =>
      this.octokit.request(`POST ${this.prefix('variables')}`, { ...this.params(), name, value });
    try {
      await (exists ? update() : create());
    } catch (error) {
      // Someone else created or removed it since we read it: try the other verb once.
      const wrongGuess = exists ? statusOf(error) === 404 : statusOf(error) === 409;
      if (!wrongGuess) throw explainGitHubError(error, purpose);
      await this.call(purpose, exists ? create : update);
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
  async prepareToSeal(): Promise<void> {
    await Promise.all([this.loadPublicKey(), loadSodium()]);
  }

  async sealSecret(value: string): Promise<SealedSecret> {
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
    this.publicKey ??= this.call(
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
    await this.call(this.purpose(`write secret ${name}`, 'Secrets', 'write'), () =>
      this.octokit.request(`PUT ${this.prefix('secrets')}/{secret_name}`, {
        ...this.params(),
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

  private async call<T>(purpose: CallPurpose, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw explainGitHubError(error, purpose);
    }
  }

  private prefix(kind: 'secrets' | 'variables'): string {
    return this.target.environment === undefined
      ? `/repos/{owner}/{repo}/actions/${kind}`
      : `/repos/{owner}/{repo}/environments/{environment_name}/${kind}`;
  }

  private params(): { owner: string; repo: string; environment_name?: string } {
    const { owner, repo, environment } = this.target;
    return environment === undefined ? { owner, repo } : { owner, repo, environment_name: environment };
  }

  private purpose(action: string, resource: 'Secrets' | 'Variables', access: 'read' | 'write'): CallPurpose {
    const { owner, repo, environment } = this.target;
    const level = access === 'read' ? 'read' : 'read and write';
    // Environment secrets and variables need the Environments permission as well.
    const permissions = [`${resource}: ${level}`];
    if (environment !== undefined) permissions.push(`Environments: ${level}`);
    return {
      action: `${action} in ${this.location}`,
      permissions,
      repository: `${owner}/${repo}`,
      notFound:
        environment === undefined
          ? `The repository ${owner}/${repo} does not exist, or the token cannot see it (a fine-grained token ` +
            'sees only the repositories it was given). Check the input repository and the token.'
          : `The environment "${environment}" does not exist in ${owner}/${repo}, or the token cannot see the ` +
            'repository. Create the environment under Settings > Environments > New environment, then run again.',
    };
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** libsodium, loaded on first use: only runs that store a secret need it (check and not-due never do). */
async function loadSodium() {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  return sodium;
}
