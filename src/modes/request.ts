/**
 * request: decide whether a rotation is due; if so make a key and CSR, store the key as pending, then the
 * CSR variable, then publish the CSR (shared/design.md, "The rotation protocol").
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { publicKeySha256 } from '../certificates.js';
import type { Deps } from '../deps.js';
import { errorText, PartialWriteError, RefusedError } from '../errors.js';
import { decodePemValue, encodeStoredValue, sensitiveForms } from '../pem.js';
import type { CsrFacts, NotDueResult, PendingResult, RequestedResult } from '../result.js';
import { isRotationDue } from '../schedule.js';
import type { RequestSettings } from '../settings.js';
import { currentCertificate, type StoredState } from '../stored-state.js';
import { applyPlan, describeStep, PlanFailure, type WriteStep } from '../write-plan.js';

export type RequestResult = RequestedResult | PendingResult | NotDueResult;

export async function request(
  settings: RequestSettings,
  deps: Deps,
  stored: StoredState,
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

  if (stored.csrPem !== undefined && !settings.force) {
    deps.log.info(
      'Not making a new key: a request is pending. Publishing its CSR again (force: true replaces it).',
    );
    const hash = publicKeySha256(await deps.openssl.csrPublicKey(stored.csrPem));
    const result: PendingResult = {
      ...common,
      state: 'pending',
      current,
      csr: await csrFile(settings, deps, stored.csrPem, hash),
    };
    await publish(settings, deps, result);
    return result;
  }
  if (
    current !== undefined &&
    !settings.force &&
    !isRotationDue(current.info.notAfter, settings.renewBeforeDays, now)
  ) {
    deps.log.info(
      `Not due: the current certificate has ${current.daysRemaining} days left (renew-before-days: ${settings.renewBeforeDays}).`,
    );
    return { ...common, state: 'not-due', current };
  }

  const made = await deps.log.group('Generate key and CSR with OpenSSL', async () => {
    const { subject } = settings;
    const making = deps.openssl.createKeyAndCsr(settings.keyType, subject);
    // OpenSSL works in its own process: meanwhile fetch the public key and load libsodium. A failure is
    // ignored here; the real call below reports it.
    const preparing = Promise.allSettled([deps.store.prepareToSeal?.()]);
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
    csr: await csrFile(settings, deps, made.csrPem, made.hash),
  });

  if (settings.dryRun) {
    const result = await requested();
    result.writes.push(...storing.map(describeStep), `artifact ${settings.artifact.name}`);
    deps.log.info(
      `Dry run: would store secret ${names.pendingKeySecret} and variable ${names.csrVariable} and publish the CSR; wrote nothing.`,
    );
    return result;
  }

  const written = await deps.log.group(
    `Store the pending key and CSR in ${deps.store.location}`,
    async () => {
      await storeRequest(settings, deps, storing);
      const writes = storing.map(describeStep);
      deps.log.info(`Stored secret ${names.pendingKeySecret} and variable ${names.csrVariable}.`);
      await confirmRequest(settings, deps, sealed, made.csrPem, writes);
      return writes;
    },
  );
  const result = await requested();
  result.writes.push(...written);
  await publish(settings, deps, result);
  return result;
}

/** Stores key then CSR; never leaves a pending key whose CSR cannot be found again. */
async function storeRequest(settings: RequestSettings, deps: Deps, storing: WriteStep[]): Promise<void> {
  const { pendingKeySecret } = settings.names;
  const artifact = `artifact ${settings.artifact.name}`;
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

/**
 * Two runs at once could interleave their writes (a concurrency group prevents it). Storing the key once more
 * after the CSR and then checking that the CSR is still this run's makes any two runs that both succeed
 * equivalent to one after the other, so their stored key and CSR always belong together.
 */
async function confirmRequest(
  settings: RequestSettings,
  deps: Deps,
  sealed: Extract<WriteStep, { kind: 'put-secret' }>['sealed'],
  csrPem: string,
  written: string[],
): Promise<void> {
  const { pendingKeySecret, csrVariable } = settings.names;
  let storedCsr: string | undefined;
  try {
    await deps.store.putSecret(pendingKeySecret, sealed);
    storedCsr = await deps.store.getVariable(csrVariable);
  } catch (error) {
    throw new PartialWriteError(
      `${errorText(error)}. Secret ${pendingKeySecret} and variable ${csrVariable} are stored, but ` +
        'this run could not confirm that no other run replaced them, so nothing was published. Run request ' +
        'again: it publishes the stored CSR (use force: true instead if another run may have run at the same time).',
      [...written],
      [`artifact ${settings.artifact.name}`],
    );
  }
  if (storedCsr === undefined || decodePemValue(storedCsr) !== csrPem) {
    throw new RefusedError(
      `Another run replaced variable ${csrVariable} while this run was storing its request, so secret ` +
        `${pendingKeySecret} may not match the stored CSR. Nothing was published. Run request again with force: true, ` +
        'one run at a time (give the workflow a concurrency group).',
    );
  }
}

/** Writes the public CSR file: a folder of its own, so the artifact holds exactly this one file. */
async function csrFile(
  settings: RequestSettings,
  deps: Deps,
  pem: string,
  publicKeyHash: string,
): Promise<CsrFacts> {
  const folder = path.join(deps.csrDir, settings.artifact.name);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, settings.artifact.fileName);
  await writeFile(file, pem, { mode: 0o644 });
  return { pem, publicKeySha256: publicKeyHash, path: file, artifact: undefined };
}

async function publish(
  settings: RequestSettings,
  deps: Deps,
  result: RequestedResult | PendingResult,
): Promise<void> {
  const step: WriteStep = {
    kind: 'publish',
    artifact: {
      name: settings.artifact.name,
      filePath: result.csr.path,
      retentionDays: settings.artifact.retentionDays,
    },
  };
  if (settings.dryRun) {
    result.writes.push(describeStep(step));
    return;
  }
  await deps.log.group('Publish the CSR', async () => {
    try {
      const publication = await applyPlan([step], deps);
      result.csr.artifact = {
        id: publication?.id,
        location: publication?.location ?? `artifact "${settings.artifact.name}"`,
      };
      result.writes.push(describeStep(step));
      deps.log.info(`Published the CSR as ${result.csr.artifact.location}.`);
    } catch (error) {
      // No output will point to the CSR file now: remove it (the CSR is in the variable).
      await rm(path.dirname(result.csr.path), { recursive: true, force: true });
      const reason = error instanceof PlanFailure ? error.reasonText : errorText(error);
      const stored =
        result.writes.length > 0 ? `${result.writes.join(' and ')} are stored and consistent; ` : '';
      throw new PartialWriteError(
        `Could not publish the CSR artifact "${settings.artifact.name}": ${reason}. ${stored}` +
          `the CSR is also in variable ${settings.names.csrVariable}; run request again to publish it.`,
        result.writes,
        [describeStep(step)],
      );
    }
  });
}
