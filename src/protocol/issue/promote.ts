/** promote with issue: true replies on the rotation issue with the outcome and closes it on success. */
import type { Logger } from '../../ports/deps.js';
import { describeError } from '../../domain/errors.js';
import { installedReply, refusedReply } from '../../issue/render.js';
import type { IssueLink, PromotedResult } from '../result.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';
import type { AnsweredComment } from './comment-run.js';

/**
 * Installed: reply with serial, issuer, notAfter and public key, then close the issue as completed. The
 * reply answers `comment` (the certificate's comment); a promote by dispatch answers the open issue.
 */
export async function reportInstalled(
  tracking: IssueTracking,
  comment: AnsweredComment | undefined,
  result: PromotedResult,
  log: Logger,
): Promise<void> {
  const issue = comment?.issue ?? (await openIssue(tracking));
  if (issue === undefined) {
    log.info('No open rotation issue to close.');
    return;
  }
  const { info } = result.current;
  await tracking.tracker.comment(
    issue.number,
    installedReply(
      {
        serialNumber: info.serialNumber,
        issuer: info.issuer,
        notAfter: info.notAfter,
        publicKeySha256: info.publicKeySha256,
        runUrl: tracking.runUrl,
      },
      comment?.id,
    ),
  );
  await tracking.tracker.closeCompleted(issue.number);
  result.issue = issue;
  log.info(`Replied on rotation issue #${issue.number} and closed it as completed.`);
}

/**
 * Refused (nothing written): the person who replied with the certificate is told why on the issue. A
 * promote by dispatch shows its refusal in its own run. Returns a note when the reply itself failed.
 */
export async function reportRefused(
  tracking: IssueTracking,
  comment: AnsweredComment,
  error: unknown,
): Promise<string | undefined> {
  const { issue } = comment;
  try {
    await tracking.tracker.comment(
      issue.number,
      refusedReply(describeError(error), tracking.runUrl, comment.id),
    );
    return undefined;
  } catch (replyError) {
    return `The refusal could not be posted on issue #${issue.number}: ${describeError(replyError)}`;
  }
}

async function openIssue(tracking: IssueTracking): Promise<IssueLink | undefined> {
  const found = await tracking.tracker.findOpenIssue(tracking.settings.label, tracking.credential);
  return found === undefined ? undefined : { number: found.issue.number, url: found.issue.url };
}
