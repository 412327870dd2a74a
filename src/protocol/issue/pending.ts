/**
 * A pending run and its rotation issue: the issue and its comments since the request are read once (one
 * listing, shared by reconcile and the reminder), then the issue is kept current and reminded when due.
 */
import type { Logger } from '../../ports/deps.js';
import type { FoundIssue } from '../../ports/issue-tracker.js';
import { readThread, type Thread } from '../../issue/thread.js';
import type { PendingResult } from '../result.js';
import type { RequestSettings } from '../../settings/settings.js';
import { remindIfDue } from './remind.js';
import { artifactUrl, describeRequest } from './request.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';

/** What a pending run found: no open issue (one is opened later), or the open one and its thread. */
export type SeenIssue =
  | { kind: 'none' }
  /** `requestedAt`: the request's time, which the thread was read from (a notice of its own). */
  | { kind: 'open'; found: FoundIssue; thread: Thread; requestedAt: Date | undefined };

/** The open rotation issue and, in one listing, its comments since the request (`requestedAt`). */
export async function lookAtIssue(
  tracking: IssueTracking,
  requestedAt: Date | undefined,
): Promise<SeenIssue> {
  const { tracker, settings, credential } = tracking;
  const found = await tracker.findOpenIssue(settings.label, credential);
  if (found === undefined) return { kind: 'none' };
  const comments = await tracker.commentsSince(found.issue.number, requestedAt);
  return { kind: 'open', found, thread: readThread(comments, found.issue.author, requestedAt), requestedAt };
}

/** The issue up to date (opened when none is open: the first notice), then a reminder when one is due. */
export async function keepPendingIssue(
  tracking: IssueTracking,
  settings: RequestSettings,
  result: PendingResult,
  seen: SeenIssue,
  log: Logger,
  now: Date,
): Promise<void> {
  const found = seen.kind === 'open' ? seen.found : undefined;
  await describeRequest(tracking, settings, result, found, log, now);
  if (seen.kind === 'none') return;
  const facts = { notAfter: result.current?.info.notAfter, artifactUrl: artifactUrl(tracking, result) };
  const notices = [seen.thread.lastReminderAt, seen.requestedAt];
  await remindIfDue(tracking, seen.found.issue, notices, facts, log, now);
}
