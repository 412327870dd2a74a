/**
 * The IssueTracker over GitHub's REST API, with the action's Octokit (retries and throttling configured in
 * github.ts) and issue-token. Every answer is checked field by field before use; every failure becomes one
 * line from explainGitHubError naming the permission (Issues: read and write).
 */
import type { GitHubClient } from './client.js';
import { callGitHub, explainGitHubError, statusOf, type CallPurpose } from './errors.js';
import { parseCredentialMarker, sameCredential, type CredentialId } from '../../issue/marker.js';
import { field, isPositiveInteger } from '../../domain/json.js';
import { toIssue } from './issue-json.js';
import { lastReopened, listComments, MAX_PAGES } from './issue-reads.js';
import { roleOf, type Role } from '../../issue/policy.js';
import { unassignableWarning } from '../../ports/issue-tracker.js';
import type {
  FoundIssue,
  IssueChange,
  IssueComment,
  IssueTracker,
  NewIssue,
  RotationIssue,
  Written,
} from '../../ports/issue-tracker.js';

const ISSUES = 'Issues: read and write';

export class GitHubIssueTracker implements IssueTracker {
  private readonly where: { owner: string; repo: string };

  constructor(
    private readonly octokit: GitHubClient,
    /** 'owner/name': the workflow's own repository. */
    private readonly repository: string,
  ) {
    const [owner = '', repo = ''] = repository.split('/');
    this.where = { owner, repo };
  }

  async findOpenIssue(label: string, credential: CredentialId): Promise<FoundIssue | undefined> {
    const found = await this.markedIssues(label, credential, 'open');
    found.sort((a, b) => a.number - b.number);
    const [first, ...rest] = found;
    return first === undefined ? undefined : { issue: first, duplicates: rest.map((issue) => issue.number) };
  }

  async findLatestIssue(label: string, credential: CredentialId): Promise<RotationIssue | undefined> {
    return (await this.markedIssues(label, credential, 'all')).sort((a, b) => b.number - a.number)[0];
  }

  /** Issues with `label` whose marker names `credential` (newest first, at most MAX_PAGES pages read). */
  private async markedIssues(label: string, credential: CredentialId, state: 'open' | 'all') {
    const found: RotationIssue[] = [];
    await this.call(`list the ${state === 'open' ? 'open ' : ''}issues labelled ${label}`, async () => {
      const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
        ...this.where,
        labels: label,
        state, // GitHub lists the newest first
        per_page: 100,
      });
      let page = 0;
      for await (const { data } of pages) {
        for (const item of data as unknown[]) {
          if (field(item, 'pull_request') !== undefined) continue;
          const issue = toIssue(item);
          const marked = issue === undefined ? undefined : parseCredentialMarker(issue.body);
          if (issue !== undefined && marked !== undefined && sameCredential(marked, credential))
            found.push(issue);
        }
        if (++page >= MAX_PAGES) break;
      }
    });
    return found;
  }

  async openIssue(issue: NewIssue): Promise<Written> {
    for (const label of issue.labels) await this.ensureLabel(label);
    const { kept, warnings } = await this.assignable(issue.assignees);
    const data = await this.call('open the rotation issue', async () => {
      const response = await this.octokit.rest.issues.create({ ...this.where, ...issue, assignees: kept });
      return response.data;
    });
    const opened = this.checked(data, 'open the rotation issue');
    return { issue: opened, warnings: [...warnings, ...this.silentlyDropped(issue, opened)] };
  }

  async updateIssue(issueNumber: number, change: IssueChange): Promise<Written> {
    let warnings: string[] = [];
    let assignees: string[] | undefined;
    if (change.assignees !== undefined) {
      ({ kept: assignees, warnings } = await this.assignable(change.assignees));
    }
    const action = `update rotation issue #${issueNumber}`;
    const data = await this.call(action, async () => {
      const response = await this.octokit.rest.issues.update({
        ...this.where,
        issue_number: issueNumber,
        ...(change.body === undefined ? {} : { body: change.body }),
        ...(assignees === undefined ? {} : { assignees }),
      });
      return response.data;
    });
    return { issue: this.checked(data, action), warnings };
  }

  async comment(issueNumber: number, body: string): Promise<{ id: number; url: string }> {
    const action = `comment on rotation issue #${issueNumber}`;
    const data = await this.call(action, async () => {
      const response = await this.octokit.rest.issues.createComment({
        ...this.where,
        issue_number: issueNumber,
        body,
      });
      return response.data;
    });
    const id = field(data, 'id');
    const url = field(data, 'html_url');
    if (!isPositiveInteger(id) || typeof url !== 'string') throw this.malformed(action);
    return { id, url };
  }

  async closeCompleted(issueNumber: number): Promise<void> {
    await this.call(`close rotation issue #${issueNumber}`, async () => {
      await this.octokit.rest.issues.update({
        ...this.where,
        issue_number: issueNumber,
        state: 'closed',
        state_reason: 'completed',
      });
    });
  }

  async commentsSince(issueNumber: number, since: Date | undefined): Promise<IssueComment[]> {
    return this.call(`read the comments of rotation issue #${issueNumber}`, () =>
      listComments(this.octokit, { ...this.where, issue_number: issueNumber }, since),
    );
  }

  async reopenedAt(issueNumber: number): Promise<Date | undefined> {
    return this.call(`read the events of rotation issue #${issueNumber}`, () =>
      lastReopened(this.octokit, { ...this.where, issue_number: issueNumber }),
    );
  }

  async permission(login: string): Promise<Role | undefined> {
    const purpose = this.purpose(`read the permission of ${login}`, ['Metadata: read']);
    try {
      const response = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.where,
        username: login,
      });
      return roleOf(response.data);
    } catch (error) {
      // Not a collaborator (or no such user): no role, which refuses the promotion with a reply.
      if (statusOf(error) === 404) return undefined;
      throw explainGitHubError(error, purpose);
    }
  }

  /** Labels GitHub does not know are dropped silently on create for some tokens: make the label first. */
  private async ensureLabel(name: string): Promise<void> {
    const purpose = this.purpose(`create the label ${name}`, [ISSUES]);
    try {
      await this.octokit.rest.issues.getLabel({ ...this.where, name });
      return;
    } catch (error) {
      if (statusOf(error) !== 404) throw explainGitHubError(error, purpose);
    }
    try {
      await this.octokit.rest.issues.createLabel({ ...this.where, name, color: 'd93f0b' });
    } catch (error) {
      // 422 already_exists: a concurrent run made it.
      if (statusOf(error) !== 422) throw explainGitHubError(error, purpose);
    }
  }

  /** GitHub answers 422 for a whole create when one assignee is not assignable: check each first. */
  private async assignable(logins: string[]): Promise<{ kept: string[]; warnings: string[] }> {
    const kept: string[] = [];
    const refused: string[] = [];
    for (const login of logins) {
      const purpose = this.purpose(`check that ${login} can be assigned`, [ISSUES]);
      try {
        await this.octokit.rest.issues.checkUserCanBeAssigned({ ...this.where, assignee: login });
        kept.push(login);
      } catch (error) {
        if (statusOf(error) !== 404) throw explainGitHubError(error, purpose);
        refused.push(login);
      }
    }
    return { kept, warnings: refused.length === 0 ? [] : [unassignableWarning(refused)] };
  }

  /** Labels or assignees GitHub dropped without an error (a token without push access). */
  private silentlyDropped(wanted: NewIssue, issue: RotationIssue): string[] {
    const missing = wanted.labels.filter((label) => !issue.labels.includes(label.toLowerCase()));
    return missing.length === 0
      ? []
      : [
          `GitHub did not set the label ${missing.join(', ')} on issue #${issue.number}; later runs cannot find it.`,
        ];
  }

  private checked(data: unknown, action: string): RotationIssue {
    const issue = toIssue(data);
    if (issue === undefined) throw this.malformed(action);
    return issue;
  }

  private malformed(action: string): Error {
    return new Error(`Could not ${action}: GitHub's answer is not the expected shape.`);
  }

  private purpose(action: string, permissions: string[]): CallPurpose {
    return {
      action: `${action} in ${this.repository}`,
      permissions,
      repository: this.repository,
      notFound: `The repository ${this.repository} or the issue does not exist, or issue-token cannot see it.`,
    };
  }

  private call<T>(action: string, run: () => Promise<T>): Promise<T> {
    return callGitHub(this.purpose(action, [ISSUES]), run);
  }
}
