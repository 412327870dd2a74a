import { createGitHubClient } from './client.js';
import { GitHubIssueTracker } from './issue-tracker.js';
import { OrganizationPlace } from './organization.js';
import type { PlaceIo } from './place.js';
import { RepositoryPlace } from './repository.js';
import { GitHubStore } from './store.js';
import type { IssueTracker } from '../../ports/issue-tracker.js';
import type { IssueSettings } from '../../settings/issue.js';
import type { Scope } from '../../domain/types.js';

/**
 * The action's GitHub side, loaded on demand (one chunk of the bundle): the store, one Octokit configured
 * once for the target the settings name, and the rotation issue's tracker, whose client uses issue-token.
 */
export function connectGitHub(
  github: { token: string; apiUrl: string; owner: string; repo: string; scope?: Scope },
  io: PlaceIo & { mask: (value: string) => void },
): { store: GitHubStore; issueTracker: (issue: IssueSettings) => IssueTracker } {
  const { token, apiUrl, owner, repo, scope } = github;
  const octokit = createGitHubClient({ token, baseUrl: apiUrl, log: io.log });
  const place =
    scope?.kind === 'organization'
      ? new OrganizationPlace(octokit, { ...scope, organization: owner, repo }, io)
      : new RepositoryPlace({
          owner,
          repo,
          environment: scope?.kind === 'environment' ? scope.environment : undefined,
        });
  return {
    store: new GitHubStore(octokit, place, io.mask),
    issueTracker: (issue) =>
      new GitHubIssueTracker(
        createGitHubClient({ token: issue.token, baseUrl: apiUrl, log: io.log }),
        `${issue.owner}/${issue.repo}`,
      ),
  };
}
