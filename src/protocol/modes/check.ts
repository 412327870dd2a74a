/** check: report the stored certificate's expiry and the pending state; writes nothing. */
import type { Deps } from '../../ports/deps.js';
import type { CheckedResult } from '../result.js';
import { isoUtc, isRotationDue } from '../../domain/schedule.js';
import type { CheckSettings } from '../../settings/settings.js';
import { currentCertificate, type StoredState } from '../stored-state.js';

export function check(settings: CheckSettings, deps: Deps, stored: StoredState): CheckedResult {
  const now = deps.now();
  const current =
    stored.certificate === undefined
      ? undefined
      : currentCertificate(stored.certificate.info, settings.renewBeforeDays, now);
  const result: CheckedResult = {
    mode: 'check',
    state: 'checked',
    dryRun: settings.dryRun,
    location: deps.store.location,
    writes: [],
    warnings: [...stored.warnings],
    issue: undefined,
    current,
    pending: stored.csrPem !== undefined,
    due: isRotationDue(current?.info.notAfter, settings.renewBeforeDays, now),
  };
  if (current === undefined) {
    deps.log.info(`No current certificate in ${deps.store.location}: a request is due.`);
  } else if (current.daysRemaining < 0) {
    const warning = `The current certificate expired on ${isoUtc(current.info.notAfter)}.`;
    result.warnings.push(warning);
    deps.log.warning(warning);
  } else {
    deps.log.info(
      `The current certificate expires ${isoUtc(current.info.notAfter)} (${current.daysRemaining} days).`,
    );
  }
  return result;
}
