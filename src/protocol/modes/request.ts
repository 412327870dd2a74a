/**
 * request: decide whether a rotation is due; if so make a key and CSR, store the key as pending, then the
 * CSR variable, then publish the CSR (shared/design.md, "The rotation protocol").
 */
import { publicKeySha256 } from '../../domain/certificates.js';
import type { Deps } from '../../ports/deps.js';
import { errorText, PartialWriteError } from '../../domain/errors.js';
import { encodeStoredValue, sensitiveForms } from '../../domain/pem.js';
import type { CsrArtifact, Publication } from '../../ports/publisher.js';
import type { CsrFacts, NotDueResult, PendingResult, RequestedResult } from '../result.js';
import { isRotationDue } from '../../domain/schedule.js';
import type { ArtifactSettings, RequestSettings } from '../../settings/settings.js';
import type { StoredNames } from '../../domain/types.js';
import { currentCertificate, type PendingState, type StoredState } from '../stored-state.js';
import { applyPlan, describeStep, PlanFailure, type WriteStep } from '../write-plan.js';
import type { EarlyKey } from './early-key.js';
import { confirmRequest, settle, unconfirmed, withdraw, type Settled } from './request-confirmation.js';

export type RequestResult = RequestedResult | NotDueResult;

/** A request is pending and this run will not replace it: ./pending.ts takes the run instead of request. */
export function isPending(settings: RequestSettings, stored: StoredState): stored is PendingState {
  return stored.csrPem !== undefined && !settings.force;
}

/** Decides between not-due and a new request; the caller has sent a pending request to ./pending.ts. */
export async function request(
  settings: RequestSettings,
  deps: Deps,
  stored: StoredState,
  early: EarlyKey,
): Promise<RequestResult> {
  const now = deps.now();
  const current =
    stored.certificate === undefined
      ? undefined
      : currentCertificate(stored.certificate.info, settings.renewBeforeDays, now);
  const common = {
    mode: 'request' as const,
    dryRun: settings.dryRun,
    location: deps.store.location,
    writes: [],
    warnings: [...stored.warnings],
    issue: undefined,
  };

  if (
    current !== undefined &&
    !settings.force &&
    !isRotationDue(current.info.notAfter, settings.renewBeforeDays, now)
  ) {
    early.drop();
    deps.log.info(
      `Not due: the current certificate has ${current.daysRemaining} days left (renew-before-days: ${settings.renewBeforeDays}).`,
    );
    return { ...common, state: 'not-due', current };
  }

  const made = await deps.log.group('Generate key and CSR with OpenSSL', async () => {
    const { subject } = settings;
    const { work: making, running } = early.take();
    // OpenSSL works in its own process. Meanwhile the public key is fetched at once, and libsodium and the
    // artifact client compile once OpenSSL runs: a compile holds this one thread, and before the spawn it
    // would hold up OpenSSL, the longest step. A failure is ignored here; the real call below reports it.
    const preparing = Promise.allSettled([deps.store.prepareToSeal?.(running)]);
    if (!settings.dryRun) deps.publisher.prepare?.(running);
    const { privateKeyPem, csrPem } = await making.finally(() => preparing);
    // Mask every form of the key before anything else can run.
    for (const form of sensitiveForms(privateKeyPem)) deps.mask(form);
    const hash = publicKeySha256(privateKeyPem);
    deps.log.info(
      `Made a ${settings.keyType} key (public key SHA-256 ${hash}) and a CSR for ${subject.map(([k, v]) => `${k}=${v}`).join(', ')}.`,
    );
    return { privateKeyPem, csrPem, hash };
  });

  const sealed = await deps.log.group('Encrypt the key for the store', async () => {
    const value = encodeStoredValue(made.privateKeyPem, settings.keyFormat);
    deps.mask(value);
    return deps.store.sealSecret(value);
  });
  const { names } = settings;
  const storing: WriteStep[] = [
    { kind: 'put-secret', name: names.pendingKeySecret, sealed },
    {
      kind: 'set-variable',
      name: names.csrVariable,
      value: made.csrPem,
      exists: stored.existingVariables.has(names.csrVariable),
    },
  ];
  // The public CSR file is written once the request is stored (or in a dry run), so a run that fails
  // before leaves nothing behind and no output points to a file that was never published.
  const requested = async (): Promise<RequestedResult> => ({
    ...common,
    state: 'requested',
    current,
    csr: await csrFile(deps, settings.artifact, made.csrPem, made.hash),
  });

  if (settings.dryRun) {
    const result = await requested();
    result.writes.push(...storing.map(describeStep), `artifact ${settings.artifact.name}`);
    deps.log.info(
      `Dry run: would store secret ${names.pendingKeySecret} and variable ${names.csrVariable} and publish the CSR; wrote nothing.`,
    );
    return result;
  }

  await deps.log.group(`Store the pending key and CSR in ${deps.store.location}`, async () => {
    await storeRequest(names.pendingKeySecret, settings.artifact.name, deps, storing);
    deps.log.info(`Stored secret ${names.pendingKeySecret} and variable ${names.csrVariable}.`);
  });
  const result = await requested();
  result.writes.push(...storing.map(describeStep));
  await deps.log.group('Confirm the request and publish the CSR', async () => {
    // Both stores succeeded, so the write order allows publishing. The confirmation (two calls, one after
    // the other) runs beside the upload, and an artifact whose request is not confirmed is deleted again.
    const artifact = csrArtifact(settings.artifact, result.csr.path);
    const uploading = settle(deps.publisher.publish(artifact));
    const confirmation = await confirmRequest(names, deps, sealed, made.csrPem);
    const uploaded = await uploading;
    if (confirmation !== 'confirmed') {
      const withdrawn = await withdraw(deps, artifact, uploaded);
      // No output will point to the CSR file: remove it (the upload that read it has finished).
      await deps.csrFiles.remove(result.csr.path);
      throw unconfirmed(names, artifact.name, confirmation, result.writes, withdrawn);
    }
    await record(deps, names, artifact.name, result, uploaded);
  });
  return result;
}

/** Stores key then CSR; never leaves a pending key whose CSR cannot be found again. */
async function storeRequest(
  pendingKeySecret: string,
  artifactName: string,
  deps: Deps,
  storing: WriteStep[],
): Promise<void> {
  const artifact = `artifact ${artifactName}`;
  try {
    await applyPlan(storing, deps);
  } catch (error) {
    if (!(error instanceof PlanFailure)) throw error;
    const notDone = [...error.notDone.map(describeStep), artifact];
    if (error.done.length === 0)
      throw new PartialWriteError(`${error.reasonText}. Nothing was written.`, [], notDone);
    const removed = await deps.store.deleteSecret(pendingKeySecret).then(
      () => true,
      () => false,
    );
    throw new PartialWriteError(
      `${error.reasonText}. ` +
        (removed
          ? `The pending key secret ${pendingKeySecret} was removed again; nothing of this run is stored. Run again.`
          : `The pending key secret ${pendingKeySecret} IS stored but its CSR is not, and removing it failed: delete it by hand, then run again.`),
      removed ? [] : error.done.map(describeStep),
      notDone,
    );
  }
}

/** Writes the public CSR file: a folder of its own, so the artifact holds exactly this one file. */
export async function csrFile(
  deps: Deps,
  artifact: ArtifactSettings,
  pem: string,
  publicKeyHash: string,
): Promise<CsrFacts> {
  const file = await deps.csrFiles.write(artifact.name, artifact.fileName, pem);
  return { pem, publicKeySha256: publicKeyHash, path: file, artifact: undefined };
}

/** Publishes a pending request's CSR again (nothing to confirm: this run wrote nothing). */
export async function publish(
  settings: RequestSettings,
  deps: Deps,
  result: RequestedResult | PendingResult,
): Promise<void> {
  if (settings.dryRun) {
    result.writes.push(`artifact ${settings.artifact.name}`);
    return;
  }
  const artifact = csrArtifact(settings.artifact, result.csr.path);
  await deps.log.group('Publish the CSR', async () =>
    record(deps, settings.names, artifact.name, result, await settle(deps.publisher.publish(artifact))),
  );
}

function csrArtifact({ name, retentionDays }: ArtifactSettings, filePath: string): CsrArtifact {
  return { name, filePath, retentionDays };
}

/** Records a finished upload in the result, or fails saying what is stored. */
async function record(
  deps: Deps,
  names: StoredNames,
  artifactName: string,
  result: RequestedResult | PendingResult,
  uploaded: Settled<Publication>,
): Promise<void> {
  const artifact = `artifact ${artifactName}`;
  if (uploaded.ok) {
    const publication = uploaded.value;
    result.csr.artifact = { id: publication.id, location: publication.location };
    result.writes.push(artifact);
    deps.log.info(`Published the CSR as ${result.csr.artifact.location}.`);
    return;
  }
  // No output will point to the CSR file now: remove it (the CSR is in the variable).
  await deps.csrFiles.remove(result.csr.path);
  const { error } = uploaded;
  const reason = errorText(error);
  const stored = result.writes.length > 0 ? `${result.writes.join(' and ')} are stored and consistent; ` : '';
  throw new PartialWriteError(
    `Could not publish the CSR artifact "${artifactName}": ${reason}. ${stored}` +
      `the CSR is also in variable ${names.csrVariable}; run request again to publish it.`,
    result.writes,
    [artifact],
  );
}
