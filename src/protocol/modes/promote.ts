/**
 * promote: verify the issued certificate against the pending key, then install key and certificate as
 * current, keeping the old ones as _PREVIOUS, and remove the pending request (shared/design.md).
 */
import { spkiDer } from '../../domain/certificates.js';
import type { Deps } from '../../ports/deps.js';
import { PartialWriteError, RefusedError, RunInputRefusal } from '../../domain/errors.js';
import { encodeStoredValue } from '../../domain/pem.js';
import type { PromotedResult } from '../result.js';
import type { PromoteWithCertificate } from '../../settings/settings.js';
import { currentCertificate, type StoredState } from '../stored-state.js';
import { readKeyFromStore } from '../stored-keys.js';
import { applyPlan, describeStep, PlanFailure, type WriteStep } from '../write-plan.js';
import { verifyCertificate, verifyHandshake } from './verify-certificate.js';

export async function promote(
  settings: PromoteWithCertificate,
  deps: Deps,
  stored: StoredState,
): Promise<PromotedResult> {
  const pendingKeyPem = await pendingKeyOf(settings, deps);
  const currentKeyPem =
    settings.currentPrivateKeyPem ?? (await readKeyFromStore(deps, settings.names.keySecret));
  const verified = await deps.log.group('Verify the issued certificate', () =>
    verifyCertificate(settings, deps, stored, pendingKeyPem),
  );
  const result: PromotedResult = {
    mode: 'promote',
    state: 'promoted',
    dryRun: settings.dryRun,
    location: deps.store.location,
    writes: [],
    warnings: [...stored.warnings, ...verified.warnings],
    issue: undefined,
    current: currentCertificate(verified.info, settings.renewBeforeDays, deps.now()),
    handshake: undefined,
  };
  const verifyUrl = settings.verifyUrl;
  if (verifyUrl !== undefined) {
    const checked = await deps.log.group(`Verify an mTLS handshake with ${verifyUrl.host}`, () =>
      verifyHandshake(verifyUrl, deps, pendingKeyPem, settings.certificate.pem),
    );
    result.handshake = checked.handshake;
    if (checked.warning !== undefined) result.warnings.push(checked.warning);
  }

  // Seal every secret before the first write, so a failure to encrypt writes nothing.
  const plan = await deps.log.group('Encrypt the keys for the store', () =>
    installPlan(settings, deps, stored, { pem: pendingKeyPem, spki: verified.keySpki }, currentKeyPem),
  );
  const halfPrevious = halfPreviousWarning(settings, plan);
  if (halfPrevious !== undefined) {
    result.warnings.push(halfPrevious);
    deps.log.warning(halfPrevious);
  }
  if (settings.dryRun) {
    result.writes.push(...plan.map(describeStep));
    deps.log.info(`Dry run: would ${result.writes.join(', ')}; wrote nothing.`);
    return result;
  }
  await deps.log.group(`Install the new credential in ${deps.store.location}`, async () => {
    try {
      await applyPlan(plan, deps);
    } catch (error) {
      if (error instanceof PlanFailure) throw installFailure(settings, error);
      throw error;
    }
    result.writes.push(...plan.map(describeStep));
    deps.log.info(`Installed: ${result.writes.join(', ')}.`);
  });
  return result;
}

/** Previous key, previous certificate, current key, current certificate, then the pending request's removal. */
async function installPlan(
  settings: PromoteWithCertificate,
  deps: Deps,
  stored: StoredState,
  pendingKey: { pem: string; spki: Buffer },
  currentKeyPem: string | undefined,
): Promise<WriteStep[]> {
  const { names, keyFormat } = settings;
  const seal = (pem: string) => {
    const value = encodeStoredValue(pem, keyFormat);
    deps.mask(value);
    return deps.store.sealSecret(value);
  };
  const exists = (name: string) => stored.existingVariables.has(name);
  const steps: WriteStep[] = [];
  // A promote repeated after a partial failure finds the new key and certificate already installed: the
  // _PREVIOUS copies must then be left alone, or the old credential would be overwritten by the new one.
  const newKey = pendingKey.spki;
  if (currentKeyPem !== undefined && !spkiDer(currentKeyPem).equals(newKey)) {
    steps.push({ kind: 'put-secret', name: names.previousKeySecret, sealed: await seal(currentKeyPem) });
  } else if (currentKeyPem !== undefined) {
    deps.log.info(
      `The current key is already the new one (a repeated promote); ${names.previousKeySecret} is left as it is.`,
    );
  }
  if (stored.certificate !== undefined && !spkiDer(stored.certificate.pem).equals(newKey)) {
    const name = names.previousCertificateVariable;
    steps.push({
      kind: 'set-variable',
      name,
      value: encodeStoredValue(stored.certificate.pem, keyFormat),
      exists: exists(name),
    });
  }
  steps.push({ kind: 'put-secret', name: names.keySecret, sealed: await seal(pendingKey.pem) });
  steps.push({
    kind: 'set-variable',
    name: names.certificateVariable,
    value: encodeStoredValue(settings.certificate.pem, keyFormat),
    exists: exists(names.certificateVariable),
  });
  steps.push({ kind: 'delete-secret', name: names.pendingKeySecret });
  if (exists(names.csrVariable)) steps.push({ kind: 'delete-variable', name: names.csrVariable });
  return steps;
}

/**
 * The old certificate kept without its key (current-private-key not given, and a store that cannot read it):
 * the previous pair is incomplete, and export's fallback and rollback need both halves.
 */
function halfPreviousWarning(settings: PromoteWithCertificate, plan: WriteStep[]): string | undefined {
  const { previousKeySecret, previousCertificateVariable, keySecret } = settings.names;
  const writes = (name: string) => plan.some((step) => 'name' in step && step.name === name);
  if (!writes(previousCertificateVariable) || writes(previousKeySecret)) return undefined;
  return (
    `current-private-key was not given: variable ${previousCertificateVariable} keeps the replaced certificate, ` +
    `but secret ${previousKeySecret} is not written with its key, so the previous pair is incomplete (export's ` +
    `fallback and rollback need both). Pass current-private-key: \${{ secrets.${keySecret} }} when promoting.`
  );
}

/** What is stored after a partial install, and how to finish. */
function installFailure(settings: PromoteWithCertificate, failure: PlanFailure): PartialWriteError {
  const { keySecret, certificateVariable, pendingKeySecret } = settings.names;
  const done = failure.done.map(describeStep);
  const remaining = failure.notDone.map(describeStep);
  const installed = (kind: WriteStep['kind'], name: string) =>
    failure.done.some((step) => step.kind === kind && 'name' in step && step.name === name);
  const keyWithoutCertificate =
    installed('put-secret', keySecret) && !installed('set-variable', certificateVariable);
  const warning = keyWithoutCertificate
    ? ` WARNING: secret ${keySecret} already holds the NEW key but variable ${certificateVariable} still holds the OLD certificate.`
    : '';
  const howToFinish = installed('delete-secret', pendingKeySecret)
    ? `The new credential is installed; only clean-up is left: ${remaining.join(', ')}. Do it by hand (repository ` +
      'Settings > Secrets and variables > Actions), or the next request will report the old CSR as pending.'
    : 'Run promote again with the same inputs to finish (a repeated promote keeps the _PREVIOUS copies intact).';
  const doneText = done.length > 0 ? `Done: ${done.join(', ')}.` : 'Nothing was written.';
  return new PartialWriteError(
    `Promotion stopped: ${failure.reasonText}. ${doneText} Not done: ${remaining.join(', ')}.${warning} ${howToFinish}`,
    done,
    remaining,
  );
}

async function pendingKeyOf(settings: PromoteWithCertificate, deps: Deps): Promise<string> {
  const secret = settings.names.pendingKeySecret;
  switch (settings.pendingKey.kind) {
    case 'given':
      return settings.pendingKey.pem;
    case 'missing':
      throw new RunInputRefusal(
        `No pending key: input 'pending-private-key' is empty. Either no request is pending (secret ${secret} ` +
          'is deleted once a certificate is installed) or the workflow does not pass ' +
          `\${{ secrets.${secret} }}. Nothing was written.`,
      );
    case 'stored': {
      const fromStore = await readKeyFromStore(deps, secret);
      if (fromStore !== undefined) return fromStore;
      throw new RefusedError(
        `No pending key: secret ${secret} is not in ${deps.store.location}. ` +
          "Run request first, or pass the key with 'pending-private-key'.",
      );
    }
  }
}
