/**
 * Reconcile (shared/design.md, "One workflow that converges"): an issue_comment run can be lost (GitHub
 * cancels a waiting run when a newer one joins the concurrency group; an outage; a disabled workflow), so a
 * run that finds the request pending reads the comments made since the request and does what their runs
 * would have done. It takes the newest open comment with a certificate for the pending key whose author has
 * `promote-permission` now (checked through the API, newest first, stopping at the first that has it) and
 * promotes it exactly as its comment run would have: same checks, reply, close. Every refusal gets the reply
 * its comment run would have given, once (the reply names the comment it answers), and leaves the run
 * pending: a scheduled run does not fail for a person's comment.
 */
import { describeError, RefusedError, RunInputRefusal } from '../../domain/errors.js';
import type { Deps } from '../../ports/deps.js';
import { roleMeets } from '../../issue/policy.js';
import { permissionReply, privateKeyReply } from '../../issue/render.js';
import { claimOf } from '../../issue/thread.js';
import type { PromoteWithCertificate, RequestSettings } from '../../settings/settings.js';
import type { ReconcileInputs } from '../../settings/promote.js';
import type { PromotedResult } from '../result.js';
import { promote } from '../modes/promote.js';
import type { PendingState } from '../stored-state.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';
import type { AnsweredComment } from './comment-run.js';
import type { SeenIssue } from './pending.js';
import { reportInstalled, reportRefused } from './promote.js';
import { afterWrites } from './tracking.js';

export type Reconciled =
  | { kind: 'promoted'; result: PromotedResult }
  /** Nothing installed: the request stays pending; `warnings` (already logged) go in the run's summary. */
  | { kind: 'pending'; warnings: string[] };

export async function reconcile(
  tracking: IssueTracking,
  settings: RequestSettings,
  deps: Deps,
  stored: PendingState,
  seen: SeenIssue,
  pendingPublicKeySha256: string,
): Promise<Reconciled> {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    deps.log.warning(message);
  };
  if (seen.kind === 'none') return { kind: 'pending', warnings };
  const { tracker, settings: issueSettings } = tracking;
  const issue = { number: seen.found.issue.number, url: seen.found.issue.url };
  for (const comment of seen.thread.open) {
    const claim = claimOf(comment, pendingPublicKeySha256);
    if (claim.kind === 'none') continue;
    const { login } = comment.author;
    if (claim.kind === 'private-key') {
      for (const form of claim.mask) deps.mask(form);
      await tracker.comment(issue.number, privateKeyReply(comment.id));
      warn(
        `The comment by ${login} (${comment.url}) holds a private key: treat that key as exposed and rotate it.`,
      );
      continue;
    }
    const role = await tracker.permission(login);
    const required = issueSettings.promotePermission;
    if (!roleMeets(role, required)) {
      await tracker.comment(issue.number, permissionReply(login, role, required, comment.id));
      warn(
        `The certificate ${login} posted (${comment.url}) was not taken: ${login} has ` +
          `${role === undefined ? 'no role' : `the ${role} role`}; promote-permission asks for at least ${required}.`,
      );
      continue;
    }
    const inputs = settings.reconcile;
    if (inputs === undefined || inputs.pendingKey.kind === 'missing') {
      warn(
        `A certificate for the pending key waits on the rotation issue: ${comment.url} (by ${login}). This run ` +
          `cannot install it without the input pending-private-key: pass \${{ secrets.${settings.names.pendingKeySecret} }} ` +
          '(the next run installs it), or run promote with it.',
      );
      return { kind: 'pending', warnings };
    }
    deps.log.info(
      `Promoting the certificate ${login} posted on issue #${issue.number} (${comment.url}); its own run did not.`,
    );
    const answered: AnsweredComment = { issue, id: comment.id };
    const promoting: PromoteWithCertificate = {
      ...promoteSettings(settings, inputs, inputs.pendingKey.pem),
      certificate: { kind: 'given', pem: claim.pem, input: 'certificate' },
    };
    try {
      const result = await promote(promoting, deps, stored);
      result.warnings.push(...warnings);
      await afterWrites(result, 'replying on the rotation issue', () =>
        deps.log.group('Close the rotation issue', () =>
          reportInstalled(tracking, answered, result, deps.log),
        ),
      );
      return { kind: 'promoted', result };
    } catch (error) {
      // Refused before any write, as its comment run would have been: the person is told why, once.
      if (!(error instanceof RefusedError)) throw error;
      warn(`The certificate ${login} posted (${comment.url}) was not installed: ${describeError(error)}`);
      // This run's own inputs were at fault, not the comment: a later run may install it, so no reply.
      if (error instanceof RunInputRefusal) return { kind: 'pending', warnings };
      const note = await reportRefused(tracking, answered, error);
      if (note !== undefined) warn(note);
      return { kind: 'pending', warnings };
    }
  }
  deps.log.info(`No certificate for the pending key waits on rotation issue #${issue.number}.`);
  return { kind: 'pending', warnings };
}

/** The promote a comment run would have made, from this request run's settings and the keys it was given. */
function promoteSettings(
  settings: RequestSettings,
  inputs: ReconcileInputs,
  pendingKeyPem: string,
): Omit<PromoteWithCertificate, 'certificate'> {
  const { clientId, mangopayEnvironment, subject, customSubject, keyFormat, scope, names } = settings;
  return {
    mode: 'promote',
    clientId,
    mangopayEnvironment,
    subject,
    customSubject,
    keyFormat,
    scope,
    names,
    renewBeforeDays: settings.renewBeforeDays,
    dryRun: settings.dryRun,
    summary: settings.summary,
    opensslPath: settings.opensslPath,
    notes: [],
    pendingKey: { kind: 'given', pem: pendingKeyPem },
    currentPrivateKeyPem: inputs.currentPrivateKeyPem,
    verifyUrl: inputs.verifyUrl,
    allowNewIssuer: inputs.allowNewIssuer,
  };
}
