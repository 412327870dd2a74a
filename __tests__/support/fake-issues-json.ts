// The JSON bodies of the issues fake (fake-issues.ts): users, labels, issues and comments with every field
// GitHub's OpenAPI description requires, so real Octokit answers can be checked against it.
import type { FakeComment, FakeIssue, FakeIssueEvent, IssuesState } from './fake-issues.js';

export function userJson(login: string, state: IssuesState) {
  const type = state.users.find((u) => u.login === login)?.type ?? 'User';
  const api = `${state.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: 4242,
    node_id: 'MDQ6VXNlcjQyNDI=',
    avatar_url: 'https://avatars.githubusercontent.com/u/4242',
    gravatar_id: '',
    url: api,
    html_url: `${state.webUrl}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

export function labelJson(name: string, state: IssuesState) {
  const url = `${state.apiUrl}/repos/${state.repository}/labels/${encodeURIComponent(name)}`;
  return {
    id: 7000 + name.length,
    node_id: 'LA_kwDO',
    url,
    name,
    description: null,
    color: 'd93f0b',
    default: false,
  };
}

export function issueJson(issue: FakeIssue, state: IssuesState) {
  const api = `${state.apiUrl}/repos/${state.repository}`;
  const url = `${api}/issues/${issue.number}`;
  const html = `${state.webUrl}/${state.repository}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`;
  const assignees = issue.assignees.map((login) => userJson(login, state));
  return {
    id: 100_000 + issue.number,
    node_id: `I_kwDO${issue.number}`,
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(issue.author, state),
    labels: issue.labels.map((name) => labelJson(name, state)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    comments: issue.comments.length,
    closed_at: issue.state === 'closed' ? state.clock().toISOString() : null,
    created_at: issue.createdAt,
    updated_at: state.clock().toISOString(),
    author_association: 'OWNER',
    ...(issue.isPullRequest
      ? { pull_request: { url, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch` } }
      : {}),
  };
}

export function commentJson(comment: FakeComment, issue: FakeIssue, state: IssuesState) {
  const api = `${state.apiUrl}/repos/${state.repository}`;
  return {
    id: comment.id,
    node_id: `IC_kwDO${comment.id}`,
    url: `${api}/issues/comments/${comment.id}`,
    body: comment.body,
    html_url: `${state.webUrl}/${state.repository}/issues/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${issue.number}`,
    user: userJson(comment.author, state),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt ?? comment.createdAt,
    author_association: 'NONE',
  };
}

/** A `state-change-issue-event` (closed, reopened) of the issue's events listing. */
export function eventJson(event: FakeIssueEvent, state: IssuesState) {
  return {
    id: event.id,
    node_id: `E_kwDO${event.id}`,
    url: `${state.apiUrl}/repos/${state.repository}/issues/events/${event.id}`,
    actor: userJson(event.actor, state),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: null,
    ...(event.event === 'reopened' ? { state_reason: 'reopened' } : {}),
  };
}
