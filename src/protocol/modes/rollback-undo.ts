/**
 * A rollback stopped part-way: what is stored now, in one message. The swap writes the _PREVIOUS copies
 * first, so until `<key-secret>` is written the credential being rolled back to is stored nowhere but in
 * this run: those copies are put back (best effort) before the run fails. Once `<key-secret>` holds the key
 * rolled back to, readers fall back to the _PREVIOUS pair, and only `<certificate-variable>` is left to set.
 */
import { errorText } from '../../domain/errors.js';
import type { Deps } from '../../ports/deps.js';
import type { RollbackSettings } from '../../settings/settings.js';
import { applyPlan, describeStep, PlanFailure, type WriteStep } from '../write-plan.js';

/** `plan` is the sealed swap: _PREVIOUS key, _PREVIOUS certificate, key, certificate. */
export async function undoFailedSwap(
  settings: RollbackSettings,
  deps: Deps,
  plan: WriteStep[],
  failure: PlanFailure,
): Promise<string> {
  const { names } = settings;
  const done =
    failure.done.length === 0
      ? 'Nothing was written.'
      : `Done: ${failure.done.map(describeStep).join(', ')}.`;
  const head = `Rollback stopped: ${failure.reasonText}. ${done} Not done: ${failure.notDone.map(describeStep).join(', ')}.`;
  const [, , key, certificate] = plan;
  if (failure.done.length === 0 || key?.kind !== 'put-secret' || certificate?.kind !== 'set-variable')
    return `${head} Fix the cause and run rollback again.`;
  if (failure.done.length === 3) {
    return (
      `${head} WARNING: secret ${names.keySecret} holds the key rolled back to, but variable ` +
      `${names.certificateVariable} still holds the replaced certificate; readers that fall back to the ` +
      `_PREVIOUS pair (mode: export) still find a matching one. Set variable ${names.certificateVariable} by ` +
      `hand to the certificate rolled back to (public): ${certificate.value}`
    );
  }
  const undo = [...failure.done].reverse().map((step): WriteStep =>
    step.kind === 'put-secret'
      ? { kind: 'put-secret', name: step.name, sealed: key.sealed }
      : {
          kind: 'set-variable',
          name: names.previousCertificateVariable,
          value: certificate.value,
          exists: true,
        },
  );
  try {
    await applyPlan(undo, deps);
    return `${head} Put back: ${undo.map(describeStep).join(', ')}; the stored credential is as before. Fix the cause and run rollback again.`;
  } catch (error) {
    const why = error instanceof PlanFailure ? error.message : errorText(error);
    return (
      `${head} Putting the _PREVIOUS copies back failed too (${why}): secret ${names.previousKeySecret} may ` +
      `no longer hold the key to roll back to. Store it there again by hand, then run rollback again.`
    );
  }
}
