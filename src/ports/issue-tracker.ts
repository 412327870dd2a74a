/**
 * The port the modes use for the rotation issue: exactly the calls request, promote and check make. Two
 * implementations: GitHubIssueTracker (REST, issue-token) and MemoryIssueTracker (protocol unit tests).
 * All of it acts on one repository, the workflow's own (GITHUB_REPOSITORY).
 */
import type { CredentialId } from '../issue/marker.js';
import type { Role } from '../issue/policy.js';
import type { IssueComment } from '../issue/thread.js';
import type { IssueSettings } from '../settings/issue.js';

export type { IssueComment };

export interface RotationIssue {
  number: number;
  /** The issue's HTML URL (the `issue-url` output). */
  url: string;
  title: string;
  body: string;
  /** Logins GitHub has assigned. */
  assignees: string[];
  labels: string[];
  /** Who opened it (the identity of issue-token when the tool did), for telling its comments apart. */
  author: string | undefined;
  /** `created_at` as GitHub reports it: the first notice, where the reminder interval starts. */
  createdAt: Date;
  /** A person reopened it (`state_reason: reopened`): the interval starts at the reopening instead. */
  reopened: boolean;
}

export interface FoundIssue {
  issue: RotationIssue;
  /** Other open issues with the label and the same credential's marker (the newer ones); never touched. */
  duplicates: number[];
}

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

export interface IssueChange {
  body?: string;
  assignees?: string[];
}

/** The outcome of a write that can partly succeed: refused assignees are dropped and named. */
export interface Written {
  issue: RotationIssue;
  warnings: string[];
}

export interface IssueTracker {
  /** The oldest open issue with `label` whose marker names `credential`; issues of other credentials are skipped. */
  findOpenIssue(label: string, credential: CredentialId): Promise<FoundIssue | undefined>;
  /** The newest issue, open or closed, with `label` whose marker names `credential` (rollback comments there). */
  findLatestIssue(label: string, credential: CredentialId): Promise<RotationIssue | undefined>;
  /** Opens the issue (making the label when the repository lacks it); unassignable assignees become warnings. */
  openIssue(issue: NewIssue): Promise<Written>;
  updateIssue(issueNumber: number, change: IssueChange): Promise<Written>;
  /** Adds a comment; returns its HTML URL. */
  comment(issueNumber: number, body: string): Promise<{ id: number; url: string }>;
  /** Closes the issue with state_reason `completed`. */
  closeCompleted(issueNumber: number): Promise<void>;
  /**
   * Every comment of the issue updated at or after `since` (all of them when undefined), in one listing
   * (GitHub: one call with `since`, more only for pages of 100): a pending run reads what happened since the
   * request here, its replies and reminders included (src/issue/thread.ts sorts them out).
   */
  commentsSince(issueNumber: number, since: Date | undefined): Promise<IssueComment[]>;
  /** When the issue was last reopened (GitHub: its events); undefined when it never was. */
  reopenedAt(issueNumber: number): Promise<Date | undefined>;
  /** The user's role on the repository (undefined: none, or not a collaborator). */
  permission(login: string): Promise<Role | undefined>;
}

/** The warning both trackers give for assignees GitHub refuses (422: not assignable). */
export function unassignableWarning(logins: string[]): string {
  return (
    `Not assigned: ${logins.join(', ')} (GitHub refuses them as assignees of this repository: not ` +
    'collaborators, or no such user). The issue is kept without them; fix issue-assignees.'
  );
}

/**
 * The rotation issue as the protocol sees it: the tracker port, the issue settings and which credential
 * the issue is for. Present in `deps` only when `issue: true` (and never in the CLI).
 */
export interface IssueTracking {
  tracker: IssueTracker;
  settings: IssueSettings;
  credential: CredentialId;
  /** This workflow run, linked from the issue and the replies. */
  runUrl: string;
  /** https://github.com/owner/repo/issues: an issue's URL is this plus its number. */
  issuesUrl: string;
}
