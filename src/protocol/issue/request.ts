/** request with issue: true opens one issue per credential, or updates the open one: never two. */
import type { Logger } from '../../ports/deps.js';
import type { FoundIssue } from '../../ports/issue-tracker.js';
import { planBody } from '../../issue/policy.js';
import { issueBody, issueTitle } from '../../issue/render.js';
import type { PendingResult, RequestedResult } from '../result.js';
import type { RequestSettings } from '../../settings/settings.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';

export async function trackRequest(
  tracking: IssueTracking,
  settings: RequestSettings,
  result: RequestedResult,
  log: Logger,
  now: Date,
): Promise<void> {
  const found = await tracking.tracker.findOpenIssue(tracking.settings.label, tracking.credential);
  await describeRequest(tracking, settings, result, found, log, now);
}

/** The CSR artifact's page, when this run published one. */
export function artifactUrl(
  tracking: IssueTracking,
  result: RequestedResult | PendingResult,
): string | undefined {
  const artifactId = result.csr.artifact?.id;
  return artifactId === undefined ? undefined : `${tracking.runUrl}/artifacts/${artifactId}`;
}

/**
 * Opens the issue for this request when `found` is none, or brings the open one up to date. The body is
 * rewritten only when the request or the assignees changed: it keeps the run that made the request.
 */
export async function describeRequest(
  tracking: IssueTracking,
  settings: RequestSettings,
  result: RequestedResult | PendingResult,
  found: FoundIssue | undefined,
  log: Logger,
  now: Date,
): Promise<void> {
  const { tracker, settings: issue, credential, runUrl } = tracking;
  const body = issueBody({
    credential,
    csrPem: result.csr.pem,
    publicKeySha256: result.csr.publicKeySha256,
    currentNotAfter: result.current?.info.notAfter,
    forced: settings.force,
    now,
    runUrl,
    artifactUrl: artifactUrl(tracking, result),
    artifactName: settings.artifact.name,
    promoteWorkflow: undefined,
    assignees: issue.assignees,
  });
  if (found === undefined) {
    const opened = await tracker.openIssue({
      title: issueTitle(settings.clientId, settings.mangopayEnvironment),
      body,
      labels: [issue.label],
      assignees: issue.assignees,
    });
    warn(result, log, opened.warnings);
    result.issue = { number: opened.issue.number, url: opened.issue.url };
    log.info(`Opened rotation issue #${opened.issue.number}: ${opened.issue.url}`);
    return;
  }
  if (found.duplicates.length > 0) {
    warn(result, log, [
      `Other open issues are about the same credential (${found.duplicates.map((n) => `#${n}`).join(', ')}); ` +
        `only #${found.issue.number} is kept up to date. Close the others.`,
    ]);
  }
  result.issue = { number: found.issue.number, url: found.issue.url };
  const plan = planBody(found.issue.body, {
    publicKeySha256: result.csr.publicKeySha256,
    assignees: issue.assignees,
  });
  if (plan.kind === 'rewrite') {
    const updated = await tracker.updateIssue(found.issue.number, { body, assignees: issue.assignees });
    warn(result, log, updated.warnings);
    log.info(`Updated rotation issue #${found.issue.number} (${plan.reason}).`);
  } else {
    // Same request as the body describes: the body keeps the run that made it (no comment per run).
    log.info(`Rotation issue #${found.issue.number} is up to date.`);
  }
}

function warn(result: RequestedResult | PendingResult, log: Logger, warnings: string[]): void {
  for (const warning of warnings) {
    result.warnings.push(warning);
    log.warning(warning);
  }
}
