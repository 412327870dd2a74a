/**
 * An in-memory IssueTracker for the modes' protocol tests: it keeps issues and comments, applies the same
 * rules as the GitHub tracker (label + marker lookup, unassignable assignees dropped with a warning, tool
 * comments by the issue's author), records every call, and can fail a chosen call once.
 */
import { parseCredentialMarker, sameCredential, type CredentialId } from '../../../src/issue/marker.js';
import type { Role } from '../../../src/issue/policy.js';
import { unassignableWarning } from '../../../src/ports/issue-tracker.js';
import type {
  FoundIssue,
  IssueChange,
  IssueComment,
  IssueTracker,
  NewIssue,
  RotationIssue,
  Written,
} from '../../../src/ports/issue-tracker.js';

export interface MemoryComment {
  id: number;
  author: string;
  body: string;
  createdAt: Date;
}

export interface MemoryIssue extends RotationIssue {
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | undefined;
  comments: MemoryComment[];
  /** When a person last reopened it (what the events listing would say). */
  reopenedAt: Date | undefined;
}

export type TrackerCall = keyof IssueTracker;

export interface MemoryTrackerOptions {
  /** The login the tracker writes as (default 'github-actions[bot]'). */
  self?: string;
  /** Logins that may be assigned; others are dropped with a warning (default: anyone). */
  assignable?: string[];
  /** login -> role on the repository. */
  roles?: Record<string, Role>;
  /** The clock used for comment times (default: new Date()). */
  now?: () => Date;
  repositoryUrl?: string;
}

export class MemoryIssueTracker implements IssueTracker {
  readonly issues: MemoryIssue[] = [];
  readonly calls: TrackerCall[] = [];
  private readonly failures = new Map<TrackerCall, Error>();
  private nextId = 1;
  private readonly self: string;
  private readonly now: () => Date;
  private readonly repositoryUrl: string;

  constructor(private readonly options: MemoryTrackerOptions = {}) {
    this.self = options.self ?? 'github-actions[bot]';
    this.now = options.now ?? (() => new Date());
    this.repositoryUrl = options.repositoryUrl ?? 'https://github.com/octo-org/payments';
  }

  /** The next call of this kind throws `error` (and changes nothing). */
  failNext(call: TrackerCall, error: Error): void {
    this.failures.set(call, error);
  }

  /** Seeds an issue as if a person (or an earlier run) had opened it. */
  seed(issue: Partial<MemoryIssue> & { body: string; labels: string[] }): MemoryIssue {
    const number = this.nextId++;
    const seeded: MemoryIssue = {
      number,
      url: `${this.repositoryUrl}/issues/${number}`,
      title: 'seeded',
      assignees: [],
      author: this.self,
      state: 'open',
      stateReason: undefined,
      comments: [],
      createdAt: this.now(),
      reopened: false,
      reopenedAt: undefined,
      ...issue,
    };
    this.issues.push(seeded);
    return seeded;
  }

  /** Adds a comment as `author` at `createdAt` (e.g. a person's reply or an old reminder); returns its id. */
  addComment(issueNumber: number, author: string, body: string, createdAt = this.now()): number {
    const id = this.nextId++;
    this.get(issueNumber).comments.push({ id, author, body, createdAt });
    return id;
  }

  /** A person reopens the issue at `at`. */
  reopen(issueNumber: number, at = this.now()): void {
    const issue = this.get(issueNumber);
    Object.assign(issue, { state: 'open', stateReason: 'reopened', reopened: true, reopenedAt: at });
  }

  findOpenIssue(label: string, credential: CredentialId): Promise<FoundIssue | undefined> {
    return this.run('findOpenIssue', () => {
      const matches = this.issues
        .filter((issue) => issue.state === 'open')
        .filter((issue) => issue.labels.some((name) => name.toLowerCase() === label.toLowerCase()))
        .filter((issue) => {
          const marked = parseCredentialMarker(issue.body);
          return marked !== undefined && sameCredential(marked, credential);
        })
        .sort((a, b) => a.number - b.number);
      const [first, ...rest] = matches;
      return first === undefined ? undefined : { issue: view(first), duplicates: rest.map((i) => i.number) };
    });
  }

  findLatestIssue(label: string, credential: CredentialId): Promise<RotationIssue | undefined> {
    return this.run('findLatestIssue', () => {
      const [latest] = this.issues
        .filter((issue) => issue.labels.some((name) => name.toLowerCase() === label.toLowerCase()))
        .filter((issue) => {
          const marked = parseCredentialMarker(issue.body);
          return marked !== undefined && sameCredential(marked, credential);
        })
        .sort((a, b) => b.number - a.number);
      return latest === undefined ? undefined : view(latest);
    });
  }

  openIssue(issue: NewIssue): Promise<Written> {
    return this.run('openIssue', () => {
      const { kept, warnings } = this.assignable(issue.assignees);
      const opened = this.seed({ ...issue, assignees: kept, author: this.self, createdAt: this.now() });
      return { issue: view(opened), warnings };
    });
  }

  updateIssue(issueNumber: number, change: IssueChange): Promise<Written> {
    return this.run('updateIssue', () => {
      const issue = this.get(issueNumber);
      let warnings: string[] = [];
      if (change.body !== undefined) issue.body = change.body;
      if (change.assignees !== undefined) {
        const checked = this.assignable(change.assignees);
        issue.assignees = checked.kept;
        warnings = checked.warnings;
      }
      return { issue: view(issue), warnings };
    });
  }

  comment(issueNumber: number, body: string): Promise<{ id: number; url: string }> {
    return this.run('comment', () => {
      const issue = this.get(issueNumber);
      const id = this.nextId++;
      issue.comments.push({ id, author: this.self, body, createdAt: this.now() });
      return { id, url: `${issue.url}#issuecomment-${id}` };
    });
  }

  closeCompleted(issueNumber: number): Promise<void> {
    return this.run('closeCompleted', () => {
      const issue = this.get(issueNumber);
      issue.state = 'closed';
      issue.stateReason = 'completed';
    });
  }

  /** Like GitHub: every comment updated at or after `since` (comments here are never edited). */
  commentsSince(issueNumber: number, since: Date | undefined): Promise<IssueComment[]> {
    return this.run('commentsSince', () => {
      const issue = this.get(issueNumber);
      return issue.comments
        .filter((comment) => since === undefined || comment.createdAt.getTime() >= since.getTime())
        .map((comment) => ({
          id: comment.id,
          author: { login: comment.author, bot: comment.author.endsWith('[bot]') },
          body: comment.body,
          createdAt: comment.createdAt,
          url: `${issue.url}#issuecomment-${comment.id}`,
        }));
    });
  }

  reopenedAt(issueNumber: number): Promise<Date | undefined> {
    return this.run('reopenedAt', () => this.get(issueNumber).reopenedAt);
  }

  permission(login: string): Promise<Role | undefined> {
    return this.run('permission', () => this.options.roles?.[login]);
  }

  private get(issueNumber: number): MemoryIssue {
    const issue = this.issues.find((candidate) => candidate.number === issueNumber);
    if (issue === undefined) throw new Error(`no issue #${issueNumber}`);
    return issue;
  }

  private assignable(logins: string[]): { kept: string[]; warnings: string[] } {
    const allowed = this.options.assignable;
    if (allowed === undefined) return { kept: [...logins], warnings: [] };
    const ok = (login: string) => allowed.some((name) => name.toLowerCase() === login.toLowerCase());
    const refused = logins.filter((login) => !ok(login));
    return {
      kept: logins.filter(ok),
      warnings: refused.length === 0 ? [] : [unassignableWarning(refused)],
    };
  }

  private async run<T>(call: TrackerCall, action: () => T): Promise<T> {
    this.calls.push(call);
    const failure = this.failures.get(call);
    if (failure !== undefined) {
      this.failures.delete(call);
      throw failure;
    }
    await Promise.resolve(); // answer asynchronously, as the network would
    return action();
  }
}

function view(issue: MemoryIssue): RotationIssue {
  const { number, url, title, body, assignees, labels, author, createdAt, reopened } = issue;
  return {
    number,
    url,
    title,
    body,
    assignees: [...assignees],
    labels: [...labels],
    author,
    createdAt,
    reopened,
  };
}
