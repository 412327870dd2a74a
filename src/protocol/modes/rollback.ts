/**
 * rollback: make the previous key and certificate current again, keeping the replaced ones as _PREVIOUS
 * (shared/design.md, "Back to the previous credential"). Refuses, writing nothing, unless the previous key
 * matches the previous certificate, that certificate is valid now, and the current key matches the current
 * certificate. The writes are swap-plan.ts's order; a pending request is left alone.
 */
import { describeCertificate, spkiDer } from '../../domain/certificates.js';
import { PartialWriteError, RefusedError } from '../../domain/errors.js';
import { checkPair, problemText, type CredentialPair } from '../../domain/pair.js';
import { encodeStoredValue } from '../../domain/pem.js';
import type { Deps } from '../../ports/deps.js';
import type { RollbackSettings } from '../../settings/settings.js';
import type { RolledBackResult } from '../result.js';
import { requiredKeyFromStore } from '../stored-keys.js';
import { currentCertificate, type StoredState } from '../stored-state.js';
import { rollbackSwap } from '../swap-plan.js';
import { applyPlan, describeStep, PlanFailure, type WriteStep } from '../write-plan.js';
import { undoFailedSwap } from './rollback-undo.js';
import type { KeySource } from '../../settings/promote.js';

export async function rollback(
  settings: RollbackSettings,
  deps: Deps,
  stored: StoredState,
): Promise<RolledBackResult> {
  const { names } = settings;
  const { current, previous } = await pairs(settings, deps, stored);
  const now = deps.now();
  const previousCheck = checkPair(previous, now);
  if (previousCheck.kind !== 'usable') {
    throw new RefusedError(
      `Cannot roll back: ${problemText('previous', previousCheck)} (secret ${names.previousKeySecret}, variable ` +
        `${names.previousCertificateVariable}). Nothing was written.`,
    );
  }
  if (!spkiDer(current.keyPem).equals(spkiDer(current.certificatePem))) {
    const problem = checkPair(current, now);
    const why =
      problem.kind === 'mismatch' ? problemText('current', problem) : 'the current pair does not match';
    throw new RefusedError(
      `Cannot roll back: ${why} (current-private-key, variable ${names.certificateVariable}): pass the key stored ` +
        `in ${names.keySecret}. Nothing was written.`,
    );
  }
  const result: RolledBackResult = {
    mode: 'rollback',
    state: 'rolled-back',
    dryRun: settings.dryRun,
    location: deps.store.location,
    writes: [],
    warnings: [...stored.warnings],
    issue: undefined,
    current: currentCertificate(previousCheck.info, settings.renewBeforeDays, now),
    replaced: describeCertificate(current.certificatePem),
  };
  // Seal every secret before the first write, so a failure to encrypt writes nothing.
  const plan = await deps.log.group('Encrypt the keys for the store', () =>
    sealedPlan(settings, deps, stored, current, previous),
  );
  if (settings.dryRun) {
    result.writes.push(...plan.map(describeStep));
    deps.log.info(`Dry run: would ${result.writes.join(', ')}; wrote nothing.`);
    return result;
  }
  await deps.log.group(`Roll back in ${deps.store.location}`, async () => {
    try {
      await applyPlan(plan, deps);
    } catch (error) {
      if (!(error instanceof PlanFailure)) throw error;
      throw new PartialWriteError(
        await undoFailedSwap(settings, deps, plan, error),
        error.done.map(describeStep),
        error.notDone.map(describeStep),
      );
    }
    result.writes.push(...plan.map(describeStep));
    deps.log.info(`Rolled back: ${result.writes.join(', ')}.`);
  });
  return result;
}

/** The current and previous pairs: keys from the inputs (or the CLI's folder), certificates from the variables. */
async function pairs(
  settings: RollbackSettings,
  deps: Deps,
  stored: StoredState,
): Promise<{ current: CredentialPair; previous: CredentialPair }> {
  const { names } = settings;
  const refuse = (message: string) => new RefusedError(`Cannot roll back: ${message}. Nothing was written.`);
  if (stored.certificate === undefined)
    throw refuse(`variable ${names.certificateVariable} holds no certificate to roll back from`);
  const kept = stored.previousCertificate;
  if (kept.kind === 'absent')
    throw refuse(
      `variable ${names.previousCertificateVariable} is not set: there is no previous certificate`,
    );
  if (kept.kind === 'unreadable')
    throw refuse(
      `variable ${names.previousCertificateVariable} does not hold a certificate (PEM or base64 of PEM)`,
    );
  const keyOf = (source: KeySource, secret: string, input: string) =>
    source.kind === 'given' ? Promise.resolve(source.pem) : requiredKeyFromStore(deps, secret, input);
  const currentKey = await keyOf(settings.currentKey, names.keySecret, 'current-private-key');
  const previousKey = await keyOf(settings.previousKey, names.previousKeySecret, 'previous-private-key');
  return {
    current: { keyPem: currentKey, certificatePem: stored.certificate.pem },
    previous: { keyPem: previousKey, certificatePem: kept.pem },
  };
}

async function sealedPlan(
  settings: RollbackSettings,
  deps: Deps,
  stored: StoredState,
  current: CredentialPair,
  previous: CredentialPair,
): Promise<WriteStep[]> {
  const steps: WriteStep[] = [];
  for (const write of rollbackSwap(settings.names, current, previous)) {
    const value = encodeStoredValue(write.pem, settings.keyFormat);
    if (write.kind === 'variable') {
      steps.push({
        kind: 'set-variable',
        name: write.name,
        value,
        exists: stored.existingVariables.has(write.name),
      });
      continue;
    }
    deps.mask(value);
    steps.push({ kind: 'put-secret', name: write.name, sealed: await deps.store.sealSecret(value) });
  }
  return steps;
}
