/**
 * request while a request is pending (and force is false): no new key, the pending CSR is published again.
 * With the rotation issue the run converges first (shared/design.md, "One workflow that converges"): a
 * certificate comment whose own run was lost is promoted now (reconcile), else the issue is kept current and
 * reminded at most once per interval.
 */
import { publicKeySha256 } from '../../domain/certificates.js';
import type { Deps } from '../../ports/deps.js';
import type { PendingResult, PromotedResult } from '../result.js';
import type { RequestSettings } from '../../settings/settings.js';
import { currentCertificate, type PendingState } from '../stored-state.js';
import { keepPendingIssue, lookAtIssue } from '../issue/pending.js';
import { reconcile } from '../issue/reconcile.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';
import { afterWrites } from '../issue/tracking.js';
import { started } from './early-key.js';
import { csrFile, publish } from './request.js';

export async function whilePending(
  settings: RequestSettings,
  deps: Deps,
  stored: PendingState,
  issues: IssueTracking | undefined,
): Promise<PendingResult | PromotedResult> {
  deps.log.info(
    'Not making a new key: a request is pending. Publishing its CSR again (force: true replaces it).',
  );
  const reading = started((running) => deps.openssl.csrPublicKey(stored.csrPem, { running }));
  if (!settings.dryRun) deps.publisher.prepare?.(reading.running);
  // The issue and its comments since the request are read beside OpenSSL.
  const looking = issues === undefined ? undefined : lookAtIssue(issues, stored.requestedAt);
  looking?.catch(() => undefined); // awaited below, after OpenSSL
  const hash = publicKeySha256(await reading.work);
  if (issues === undefined || looking === undefined) return republish(settings, deps, stored, hash);

  const seen = await looking;
  const reconciled = await reconcile(issues, settings, deps, stored, seen, hash);
  if (reconciled.kind === 'promoted') return reconciled.result;
  const result = await republish(settings, deps, stored, hash);
  result.warnings.push(...reconciled.warnings);
  await afterWrites(result, 'updating the rotation issue', () =>
    deps.log.group('Update the rotation issue', () =>
      keepPendingIssue(issues, settings, result, seen, deps.log, deps.now()),
    ),
  );
  return result;
}

/** The pending CSR published again (nothing to confirm: this run wrote nothing). */
async function republish(
  settings: RequestSettings,
  deps: Deps,
  stored: PendingState,
  hash: string,
): Promise<PendingResult> {
  const result: PendingResult = {
    mode: 'request',
    state: 'pending',
    dryRun: settings.dryRun,
    location: deps.store.location,
    writes: [],
    warnings: [...stored.warnings],
    issue: undefined,
    current:
      stored.certificate === undefined
        ? undefined
        : currentCertificate(stored.certificate.info, settings.renewBeforeDays, deps.now()),
    csr: await csrFile(deps, settings.artifact, stored.csrPem, hash),
  };
  await publish(settings, deps, result);
  return result;
}
