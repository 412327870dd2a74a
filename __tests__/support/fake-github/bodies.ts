// Response bodies of the GitHub fake, shaped as GitHub's OpenAPI description requires.
import {
  fullName,
  type Environment,
  type Repository,
  type StoredSecret,
  type StoredVariable,
} from './state.js';

export function githubError(message: string, status: number, documentationUrl: string) {
  return { message, documentation_url: documentationUrl, status: String(status) };
}

export function secretBody(name: string, stored: StoredSecret) {
  return { name, created_at: stored.createdAt, updated_at: stored.updatedAt };
}

export function variableBody(name: string, stored: StoredVariable) {
  return { name, value: stored.value, created_at: stored.createdAt, updated_at: stored.updatedAt };
}

export function environmentBody(repo: Repository, env: Environment, base: string) {
  return {
    id: env.id,
    node_id: Buffer.from(`Environment${env.id}`).toString('base64'),
    name: env.name,
    url: `${base}/repos/${fullName(repo)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `https://github.com/${fullName(repo)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt,
    updated_at: env.createdAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}

/** A `full-repository` with every field GitHub's schema requires, and nothing more. */
export function repositoryBody(repo: Repository, base: string) {
  const name = fullName(repo);
  const api = `${base}/repos/${name}`;
  const html = `https://github.com/${name}`;
  const links: Record<string, string> = {};
  const suffixes: [string, string][] = [
    ['archive_url', '/{archive_format}{/ref}'],
    ['assignees_url', '/assignees{/user}'],
    ['blobs_url', '/git/blobs{/sha}'],
    ['branches_url', '/branches{/branch}'],
    ['collaborators_url', '/collaborators{/collaborator}'],
    ['comments_url', '/comments{/number}'],
    ['commits_url', '/commits{/sha}'],
    ['compare_url', '/compare/{base}...{head}'],
    ['contents_url', '/contents/{+path}'],
    ['contributors_url', '/contributors'],
    ['deployments_url', '/deployments'],
    ['downloads_url', '/downloads'],
    ['events_url', '/events'],
    ['forks_url', '/forks'],
    ['git_commits_url', '/git/commits{/sha}'],
    ['git_refs_url', '/git/refs{/sha}'],
    ['git_tags_url', '/git/tags{/sha}'],
    ['hooks_url', '/hooks'],
    ['issue_comment_url', '/issues/comments{/number}'],
    ['issue_events_url', '/issues/events{/number}'],
    ['issues_url', '/issues{/number}'],
    ['keys_url', '/keys{/key_id}'],
    ['labels_url', '/labels{/name}'],
    ['languages_url', '/languages'],
    ['merges_url', '/merges'],
    ['milestones_url', '/milestones{/number}'],
    ['notifications_url', '/notifications{?since,all,participating}'],
    ['pulls_url', '/pulls{/number}'],
    ['releases_url', '/releases{/id}'],
    ['stargazers_url', '/stargazers'],
    ['statuses_url', '/statuses/{sha}'],
    ['subscribers_url', '/subscribers'],
    ['subscription_url', '/subscription'],
    ['tags_url', '/tags'],
    ['teams_url', '/teams'],
    ['trees_url', '/git/trees{/sha}'],
  ];
  for (const [field, suffix] of suffixes) links[field] = api + suffix;
  const ownerApi = `${base}/users/${repo.owner}`;
  return {
    id: repo.id,
    node_id: Buffer.from(`Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: name,
    private: true,
    owner: {
      login: repo.owner,
      id: repo.id + 1_000_000,
      node_id: Buffer.from(`Organization${repo.id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${repo.id + 1_000_000}?v=4`,
      gravatar_id: '',
      url: ownerApi,
      html_url: `https://github.com/${repo.owner}`,
      followers_url: `${ownerApi}/followers`,
      following_url: `${ownerApi}/following{/other_user}`,
      gists_url: `${ownerApi}/gists{/gist_id}`,
      starred_url: `${ownerApi}/starred{/owner}{/repo}`,
      subscriptions_url: `${ownerApi}/subscriptions`,
      organizations_url: `${ownerApi}/orgs`,
      repos_url: `${ownerApi}/repos`,
      events_url: `${ownerApi}/events{/privacy}`,
      received_events_url: `${ownerApi}/received_events`,
      type: 'Organization',
      site_admin: false,
    },
    html_url: html,
    description: null,
    fork: false,
    url: api,
    ...links,
    clone_url: `${html}.git`,
    git_url: `git://github.com/${name}.git`,
    ssh_url: `git@github.com:${name}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: null,
    size: 0,
    default_branch: 'main',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    network_count: 0,
    subscribers_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    visibility: 'private',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}
