/** rollback with issue: true comments on the credential's latest rotation issue, open or closed. */
import type { Logger } from '../../ports/deps.js';
import { rolledBackComment } from '../../issue/render.js';
import type { RolledBackResult } from '../result.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';

export async function reportRolledBack(
  tracking: IssueTracking,
  result: RolledBackResult,
  log: Logger,
): Promise<void> {
  const issue = await tracking.tracker.findLatestIssue(tracking.settings.label, tracking.credential);
  if (issue === undefined) {
    log.info('No rotation issue for this credential: no comment about the rollback.');
    return;
  }
  const { info } = result.current;
  await tracking.tracker.comment(
    issue.number,
    rolledBackComment({
      current: {
        serialNumber: info.serialNumber,
        notAfter: info.notAfter,
        publicKeySha256: info.publicKeySha256,
      },
      replaced: { serialNumber: result.replaced.serialNumber, notAfter: result.replaced.notAfter },
      runUrl: tracking.runUrl,
    }),
  );
  result.issue = { number: issue.number, url: issue.url };
  log.info(`Commented the rollback on rotation issue #${issue.number}.`);
}
