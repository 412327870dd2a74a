/**
 * The rotation issue's listings the GitHub tracker reads besides the issues themselves: the comments since a
 * moment (one call with `since`, more only for pages of 100) and the reopening events. Every item is checked
 * field by field (./issue-json.ts); a malformed one is left out.
 */
import type { GitHubClient } from './client.js';
import { field, timestamp } from '../../domain/json.js';
import type { IssueComment } from '../../ports/issue-tracker.js';
import { toComment } from './issue-json.js';
import { isoUtc } from '../../domain/schedule.js';

/** Pages of 100 read at most when listing issues, comments or events (older ones are not looked at). */
export const MAX_PAGES = 10;

interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

export async function listComments(
  octokit: GitHubClient,
  issue: IssueRef,
  since: Date | undefined,
): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...issue,
    // GitHub lists comments updated *after* `since`: a second earlier keeps one made in the same second.
    ...(since === undefined ? {} : { since: isoUtc(new Date(since.getTime() - 1000)) }),
    per_page: 100,
  });
  let page = 0;
  for await (const { data } of pages) {
    for (const item of data as unknown[]) {
      const comment = toComment(item);
      if (comment !== undefined) found.push(comment);
    }
    if (++page >= MAX_PAGES) break;
  }
  return found;
}

/** The time of the issue's last `reopened` event; undefined when there is none. */
export async function lastReopened(octokit: GitHubClient, issue: IssueRef): Promise<Date | undefined> {
  let last: Date | undefined;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listEvents, { ...issue, per_page: 100 });
  let page = 0;
  for await (const { data } of pages) {
    for (const item of data as unknown[]) {
      const at = field(item, 'event') === 'reopened' ? timestamp(field(item, 'created_at')) : undefined;
      if (at !== undefined && (last === undefined || at > last)) last = at;
    }
    if (++page >= MAX_PAGES) break;
  }
  return last;
}
