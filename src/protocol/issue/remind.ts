/**
 * Reminders, not noise: a pending run (auto, request or check) comments on the rotation issue at most once
 * per `reminder-interval-days`. The issue itself is the first notice, so the interval runs from when it was
 * opened (or reopened), then from the last reminder, which every mode finds by the one shared marker. A new
 * request on an open issue (force) rewrites its body: that is a notice too.
 */
import type { Logger } from '../../ports/deps.js';
import type { RotationIssue } from '../../ports/issue-tracker.js';
import { reminderDue } from '../../issue/policy.js';
import { reminderComment } from '../../issue/render.js';
import { readThread } from '../../issue/thread.js';
import type { CheckedResult } from '../result.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';

/** check with issue: true: a reminder on the open issue while a request waits inside the renewal window. */
export async function remind(
  tracking: IssueTracking,
  result: CheckedResult,
  requestedAt: Date | undefined,
  log: Logger,
  now: Date,
): Promise<void> {
  if (!result.pending || !result.due) return;
  const { tracker, settings } = tracking;
  const found = await tracker.findOpenIssue(settings.label, tracking.credential);
  if (found === undefined) {
    const warning =
      'A request is pending and due, but no open rotation issue was found to remind on (closed by hand?).';
    result.warnings.push(warning);
    log.warning(warning);
    return;
  }
  const { issue } = found;
  result.issue = { number: issue.number, url: issue.url };
  // Younger than the interval, the issue itself is the notice: no comment needs reading.
  if (!reminderDue([issue.createdAt], settings.reminderIntervalDays, now)) {
    log.info(notDue(tracking, issue));
    return;
  }
  const comments = await tracker.commentsSince(issue.number, requestedAt);
  const { lastReminderAt } = readThread(comments, issue.author, requestedAt);
  const facts = { notAfter: result.current?.info.notAfter, artifactUrl: undefined };
  await remindIfDue(tracking, issue, [lastReminderAt, requestedAt], facts, log, now);
}

export interface ReminderFacts {
  /** The installed certificate's notAfter, or undefined when none is installed. */
  notAfter: Date | undefined;
  /** The CSR this run published again, linked from the reminder. */
  artifactUrl: string | undefined;
}

/**
 * Comments a reminder when the interval has passed since the issue was opened (or reopened) and since every
 * later notice: the last reminder, and the request (its time, the CSR variable's updated_at).
 */
export async function remindIfDue(
  tracking: IssueTracking,
  issue: RotationIssue,
  notices: readonly (Date | undefined)[],
  facts: ReminderFacts,
  log: Logger,
  now: Date,
): Promise<void> {
  const { tracker, settings } = tracking;
  const interval = settings.reminderIntervalDays;
  let openedAt = issue.createdAt;
  // Reopening is later than creation: the events are read only when creation alone would allow a reminder.
  if (issue.reopened && reminderDue([openedAt, ...notices], interval, now))
    openedAt = (await tracker.reopenedAt(issue.number)) ?? openedAt;
  if (!reminderDue([openedAt, ...notices], interval, now)) {
    log.info(notDue(tracking, issue));
    return;
  }
  await tracker.comment(
    issue.number,
    reminderComment({
      assignees: settings.assignees,
      notAfter: facts.notAfter,
      now,
      runUrl: tracking.runUrl,
      artifactUrl: facts.artifactUrl,
    }),
  );
  log.info(`Posted a reminder on rotation issue #${issue.number}.`);
}

function notDue(tracking: IssueTracking, issue: RotationIssue): string {
  const days = tracking.settings.reminderIntervalDays;
  return (
    `No reminder on rotation issue #${issue.number}: it was opened, or last reminded, less than ${days} ` +
    `day${days === 1 ? '' : 's'} ago (reminder-interval-days).`
  );
}
