/** check with issue: true: a reminder on the open issue while a request waits inside the renewal window. */
import type { Logger } from '../../ports/deps.js';
import { reminderDue } from '../../issue/policy.js';
import { reminderComment } from '../../issue/render.js';
import { lastReminderAt } from '../../ports/issue-tracker.js';
import type { CheckedResult } from '../result.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';

export async function remind(
  tracking: IssueTracking,
  result: CheckedResult,
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
  result.issue = { number: found.issue.number, url: found.issue.url };
  const last = lastReminderAt(await tracker.toolComments(found.issue));
  if (!reminderDue(last, settings.reminderIntervalDays, now)) {
    log.info(
      `A reminder was posted on #${found.issue.number} less than ${settings.reminderIntervalDays} days ago.`,
    );
    return;
  }
  await tracker.comment(
    found.issue.number,
    reminderComment({ assignees: settings.assignees, notAfter: result.current?.info.notAfter, now }),
  );
  log.info(`Posted a reminder on rotation issue #${found.issue.number}.`);
}
