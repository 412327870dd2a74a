/**
 * Organization scope (secret-scope: organization): the organization's Actions secrets and variables, each
 * written with its visibility and, for `selected`, the ids of the repositories named in selected-repositories.
 * The ids are looked up before anything is sealed or written, so an unknown name costs nothing.
 */
import { InputError } from '../../domain/errors.js';
import type { GitHubClient } from './client.js';
import { explainGitHubError, statusOf, type CallPurpose } from './errors.js';
import type { PlaceIo, StorePlace } from './place.js';
import type { OrganizationVisibility } from '../../domain/types.js';

export interface OrganizationTarget {
  /** The organization's login (the owner of `repository`). */
  organization: string;
  /** `repository`'s name: a secret or variable of the same name there overrides the organization's. */
  repo: string;
  visibility: OrganizationVisibility;
  selectedRepositories: string[];
}

export class OrganizationPlace implements StorePlace {
  readonly location: string;
  private fields?: Promise<Record<string, unknown>>;
  private readonly repositoryNames = new Map<'secrets' | 'variables', Promise<Set<string> | undefined>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly octokit: GitHubClient,
    private readonly target: OrganizationTarget,
    private readonly io: PlaceIo,
  ) {
    this.location = `organization ${target.organization}`;
  }

  prefix(kind: 'secrets' | 'variables'): string {
    return `/orgs/{org}/actions/${kind}`;
  }

  params(): Record<string, string> {
    return { org: this.target.organization };
  }

  purpose(action: string, resource: 'Secrets' | 'Variables', access: 'read' | 'write'): CallPurpose {
    const { organization } = this.target;
    return {
      action: `${action} in ${this.location}`,
      permissions: [`${resource}: ${access === 'read' ? 'read' : 'read and write'}`],
      permissionScope: 'organization',
      repository: organization,
      notFound:
        `The organization ${organization} (the owner of the input repository) does not exist, or the token ` +
        'cannot see it: a fine-grained token must be owned by the organization, a GitHub App installed on it.',
    };
  }

  /** visibility and selected_repository_ids: every write sends them, so an update keeps the visibility given. */
  writeFields(): Promise<Record<string, unknown>> {
    this.fields ??= this.loadFields();
    return this.fields;
  }

  private async loadFields(): Promise<Record<string, unknown>> {
    const { organization, visibility } = this.target;
    if (visibility === 'all') {
      this.io.warning(
        `organization-visibility is all: the workflows of every repository of ${organization}, public ones ` +
          "included, can read this credential's secrets and variables. Prefer selected or private.",
      );
    }
    if (visibility !== 'selected') return { visibility };
    return { visibility, selected_repository_ids: await this.repositoryIds() };
  }

  /** One GET /repos/{owner}/{repo} per name, in parallel; every unknown name is reported at once. */
  private async repositoryIds(): Promise<number[]> {
    const { organization, selectedRepositories } = this.target;
    if (selectedRepositories.length === 0) {
      throw new InputError('selected-repositories', 'names no repository; give at least one');
    }
    const found = await Promise.all(
      selectedRepositories.map(async (repo) => {
        try {
          const response = await this.octokit.request('GET /repos/{owner}/{repo}', {
            owner: organization,
            repo,
          });
          return response.data.id;
        } catch (error) {
          if (statusOf(error) === 404) return repo;
          throw explainGitHubError(error, {
            action: `look up repository ${organization}/${repo} (selected-repositories)`,
            permissions: ['Metadata: read'],
            repository: `${organization}/${repo}`,
            notFound: '',
          });
        }
      }),
    );
    const unknown = found.filter((entry): entry is string => typeof entry === 'string');
    if (unknown.length > 0) {
      throw new InputError(
        'selected-repositories',
        `${unknown.map((repo) => `${organization}/${repo}`).join(', ')} not found (404). A repository the ` +
          'token cannot see looks the same as one that does not exist: check the names, and that the token ' +
          'may read them. Nothing was encrypted or written.',
      );
    }
    return found.filter((entry): entry is number => typeof entry === 'number');
  }

  /**
   * A secret or variable of the same name in `repository` overrides the organization's in its workflows: warn.
   * Where the token cannot see the repository's (403, 404, or any other failure) this check is skipped.
   */
  async notice(kind: 'secrets' | 'variables', names: string[]): Promise<void> {
    let listing = this.repositoryNames.get(kind);
    if (listing === undefined) {
      listing = this.listRepository(kind);
      this.repositoryNames.set(kind, listing);
    }
    const held = await listing;
    const { organization, repo } = this.target;
    for (const name of names.map((entry) => entry.toUpperCase())) {
      if (held?.has(name) !== true || this.warned.has(`${kind} ${name}`)) continue;
      this.warned.add(`${kind} ${name}`);
      const noun = kind === 'secrets' ? 'secret' : 'variable';
      this.io.warning(
        `The repository ${organization}/${repo} has its own ${noun} ${name}, which overrides the ` +
          `organization's in its workflows. Delete the repository's ${noun} to use the organization's.`,
      );
    }
  }

  private async listRepository(kind: 'secrets' | 'variables'): Promise<Set<string> | undefined> {
    const { organization: owner, repo } = this.target;
    const names = new Set<string>();
    try {
      for (let page = 1; ; page++) {
        const response = await this.octokit.request(`GET /repos/{owner}/{repo}/actions/${kind}`, {
          owner,
          repo,
          per_page: 30,
          page,
        });
        const data = response.data as { total_count: number; secrets?: { name: string }[] } & {
          variables?: { name: string }[];
        };
        const items = data.secrets ?? data.variables ?? [];
        for (const item of items) names.add(item.name.toUpperCase());
        if (items.length === 0 || page * 30 >= data.total_count) return names;
      }
    } catch (error) {
      this.io.log(
        `Could not list the ${kind} of ${owner}/${repo} (status ${statusOf(error) ?? 'none'}); ` +
          `not checking whether it overrides the organization's.`,
      );
      return undefined;
    }
  }
}
