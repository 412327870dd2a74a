// What the GitHub fake stores: organizations, repositories and their environments, each with an X25519 key
// pair, secrets (as sealed) and variables (an organization's with who may use them), plus a write counter so a
// snapshot shows rewrites of equal values.
import { randomInt } from 'node:crypto';
import { generateKeyPair, openSealedBox, sealBox, type KeyPair } from '../sealed-box.js';
import type { AnyTarget, OrganizationAccess } from './types.js';

interface Stored {
  createdAt: string;
  updatedAt: string;
  /** Value of the write counter at the last write. */
  revision: number;
  /** Organization scope only. */
  access?: OrganizationAccess;
}
export interface StoredSecret extends Stored {
  encryptedValue: string;
}
export interface StoredVariable extends Stored {
  value: string;
}
export interface Scope {
  keyId: string;
  keys: KeyPair;
  secrets: Map<string, StoredSecret>;
  variables: Map<string, StoredVariable>;
}
export interface Environment {
  id: number;
  name: string;
  createdAt: string;
  scope: Scope;
}
export interface Organization {
  login: string;
  scope: Scope;
}
export interface Repository {
  id: number;
  owner: string;
  name: string;
  createdAt: string;
  scope: Scope;
  environments: Map<string, Environment>; // keyed by lower-cased name: GitHub matches them case-insensitively
}

export function fullName(repo: Repository): string {
  return `${repo.owner}/${repo.name}`;
}

/** GitHub's timestamp style: ISO-8601 UTC without milliseconds. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GitHubState {
  private readonly repositories = new Map<string, Repository>();
  private readonly organizations = new Map<string, Organization>();
  private revision = 0;
  private nextId = 1000;

  addRepository(name: string): void {
    const [owner, repo, extra] = name.split('/');
    if (!owner || !repo || extra !== undefined) throw new Error(`repository must be 'owner/name': ${name}`);
    if (this.repositories.has(name.toLowerCase())) return;
    if (!this.organizations.has(owner.toLowerCase()))
      this.organizations.set(owner.toLowerCase(), { login: owner, scope: newScope() });
    this.repositories.set(name.toLowerCase(), {
      id: this.nextId++,
      owner,
      name: repo,
      createdAt: now(),
      scope: newScope(),
      environments: new Map(),
    });
  }

  addEnvironment(repository: string, environment: string): void {
    const repo = this.repository(repository);
    if (!repo) throw new Error(`unknown repository ${repository}`);
    if (repo.environments.has(environment.toLowerCase())) return;
    repo.environments.set(environment.toLowerCase(), {
      id: this.nextId++,
      name: environment,
      createdAt: now(),
      scope: newScope(),
    });
  }

  /** Lookup for routes: absent is a 404 there. */
  repository(name: string): Repository | undefined {
    return this.repositories.get(name.toLowerCase());
  }

  organization(login: string): Organization | undefined {
    return this.organizations.get(login.toLowerCase());
  }

  /** Repositories of an organization, for selected_repository_ids. */
  repositoriesOf(login: string): Repository[] {
    return [...this.repositories.values()].filter((repo) => repo.owner.toLowerCase() === login.toLowerCase());
  }

  /** Lookup for test helpers: a typo should fail the test, not read as "absent". */
  scopeOf(target: AnyTarget): Scope {
    if ('organization' in target) {
      const org = this.organization(target.organization);
      if (!org) throw new Error(`unknown organization ${target.organization}`);
      return org.scope;
    }
    const repo = this.repository(target.repository);
    if (!repo) throw new Error(`unknown repository ${target.repository}`);
    if (target.environment === undefined) return repo.scope;
    const env = repo.environments.get(target.environment.toLowerCase());
    if (!env) throw new Error(`unknown environment ${target.environment} in ${target.repository}`);
    return env.scope;
  }

  /** Stores a sealed secret; true when it was created. */
  writeSecret(scope: Scope, name: string, encryptedValue: string, access?: OrganizationAccess): boolean {
    const existing = scope.secrets.get(name);
    const time = now();
    scope.secrets.set(name, {
      encryptedValue,
      createdAt: existing?.createdAt ?? time,
      updatedAt: time,
      revision: ++this.revision,
      access,
    });
    return existing === undefined;
  }

  /** Seals `text` with the scope's public key, as a client would, and stores it. */
  sealSecret(scope: Scope, name: string, text: string): void {
    this.writeSecret(scope, name, Buffer.from(sealBox(text, scope.keys.publicKey)).toString('base64'));
  }

  writeVariable(
    scope: Scope,
    name: string,
    value: string,
    createdAt?: string,
    access?: OrganizationAccess,
  ): void {
    const time = now();
    scope.variables.set(name, {
      value,
      createdAt: createdAt ?? scope.variables.get(name)?.createdAt ?? time,
      updatedAt: time,
      revision: ++this.revision,
      access,
    });
  }

  plaintext(scope: Scope, name: string): string | undefined {
    const stored = scope.secrets.get(name.toUpperCase());
    if (!stored) return undefined;
    const opened = openSealedBox(stored.encryptedValue, scope.keys.publicKey, scope.keys.secretKey);
    return Buffer.from(opened).toString('utf8');
  }

  /** Deterministic JSON of everything stored (secret plaintexts, variable values, revisions). */
  snapshot(): string {
    const describe = (scope: Scope) => ({
      secrets: sortedEntries(scope.secrets).map(([name, stored]) => ({
        name,
        plaintext: this.plaintext(scope, name),
        revision: stored.revision,
        ...(stored.access && { access: stored.access }),
      })),
      variables: sortedEntries(scope.variables).map(([name, stored]) => ({
        name,
        value: stored.value,
        revision: stored.revision,
        ...(stored.access && { access: stored.access }),
      })),
    });
    const repos = [...this.repositories.values()].sort((a, b) => fullName(a).localeCompare(fullName(b)));
    const state = repos.map((repo) => ({
      repository: fullName(repo),
      ...describe(repo.scope),
      environments: [...repo.environments.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((env) => ({ environment: env.name, ...describe(env.scope) })),
    }));
    // Organizations appear once they hold something, so repository-only snapshots keep their shape.
    const organizations = [...this.organizations.values()]
      .filter((org) => org.scope.secrets.size + org.scope.variables.size > 0)
      .sort((a, b) => a.login.localeCompare(b.login))
      .map((org) => ({ organization: org.login, ...describe(org.scope) }));
    return JSON.stringify([...state, ...organizations], null, 2);
  }
}

/** A map's entries sorted by key (names are compared as JavaScript strings, like GitHub's listing). */
export function sortedEntries<T>(map: Map<string, T>): [string, T][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function newScope(): Scope {
  return {
    keyId: String(randomInt(1e9, 1e10)) + String(randomInt(1e8, 1e9)), // GitHub's key ids are long digit strings
    keys: generateKeyPair(),
    secrets: new Map(),
    variables: new Map(),
  };
}
