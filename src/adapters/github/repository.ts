/** Repository and environment scope: the routes, parameters and error advice of a repository's own store. */
import type { CallPurpose } from './errors.js';
import type { GitHubTarget, StorePlace } from './place.js';

/** A repository, or one of its environments. */
export class RepositoryPlace implements StorePlace {
  readonly location: string;

  constructor(private readonly target: GitHubTarget) {
    const repository = `${target.owner}/${target.repo}`;
    this.location =
      target.environment === undefined
        ? `repository ${repository}`
        : `environment "${target.environment}" of ${repository}`;
  }

  prefix(kind: 'secrets' | 'variables'): string {
    return this.target.environment === undefined
      ? `/repos/{owner}/{repo}/actions/${kind}`
      : `/repos/{owner}/{repo}/environments/{environment_name}/${kind}`;
  }

  params(): Record<string, string> {
    const { owner, repo, environment } = this.target;
    return environment === undefined ? { owner, repo } : { owner, repo, environment_name: environment };
  }

  writeFields(): Promise<Record<string, unknown>> {
    return Promise.resolve({});
  }

  notice(): Promise<void> {
    return Promise.resolve();
  }

  purpose(action: string, resource: 'Secrets' | 'Variables', access: 'read' | 'write'): CallPurpose {
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
