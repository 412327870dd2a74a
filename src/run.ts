/**
 * The rotation protocol (shared/design.md): request, promote and check over a credential store. The same
 * code runs in the action and in the CLI; only `deps` differ.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeCertificate, publicKeySha256, spkiDer, type CertificateInfo } from './certificates.js';
import type { Deps } from './deps.js';
import { PartialWriteError, RefusedError } from './errors.js';
import { decodePemValue, encodeStoredValue, pemBlocks, sensitiveForms } from './pem.js';
import type { RunResult } from './result.js';
import { daysRemaining, isoUtc, isRotationDue } from './schedule.js';
import type { Settings } from './settings.js';
import type { SealedSecret } from './store.js';
import { commonName, subjectAttributes } from './subject.js';

const DAY_MS = 86_400_000;

export async function run(settings: Settings, deps: Deps): Promise<RunResult> {
  for (const note of settings.notes) deps.log.info(note);
  const stored = await deps.log.group(`Read stored state (${deps.store.location})`, () =>
    readStoredState(settings, deps),
  );
  switch (settings.mode) {
    case 'request':
      return request(settings, deps, stored);
    case 'promote':
      return promote(settings, deps, stored);
    case 'check':
      return check(settings, deps, stored);
  }
}

/** What the store holds before this run changes anything. */
interface StoredState {
  /** Raw value of the certificate variable, when set. */
  certificateValue?: string;
  certificatePem?: string;
  certificate?: CertificateInfo;
  /** The pending CSR (PEM), when the CSR variable is set and holds one. */
  csrPem?: string;
  /** Names of the variables that exist now (so writes pick create or update without asking). */
  existingVariables: Set<string>;
  warnings: string[];
}

async function readStoredState(settings: Settings, deps: Deps): Promise<StoredState> {
  const { certificateVariable, previousCertificateVariable, csrVariable } = settings.names;
  const variables = await deps.store.readVariables([
    certificateVariable,
    previousCertificateVariable,
    csrVariable,
  ]);
  const state: StoredState = {
    existingVariables: new Set(variables.keys()),
    warnings: [],
  };

  const certificateValue = variables.get(certificateVariable);
  if (certificateValue !== undefined && certificateValue.trim() !== '') {
    state.certificateValue = certificateValue;
    const pem = decodePemValue(certificateValue);
    try {
      if (pem === undefined) throw new Error('not PEM');
      state.certificate = describeCertificate(pem);
      state.certificatePem = pem;
      deps.log.info(
        `Current certificate: ${state.certificate.subject}, valid until ${isoUtc(state.certificate.notAfter)}.`,
      );
    } catch {
      state.warnings.push(
        `Variable ${certificateVariable} does not hold a certificate (PEM or base64 of PEM); it is treated as absent.`,
      );
    }
  } else {
    deps.log.info(`No current certificate in variable ${certificateVariable}.`);
  }

  const csrValue = variables.get(csrVariable);
  if (csrValue !== undefined) {
    const pem = decodePemValue(csrValue);
    const block =
      pem === undefined ? undefined : pemBlocks(pem).find((b) => b.label === 'CERTIFICATE REQUEST');
    if (block === undefined) {
      state.warnings.push(
        `Variable ${csrVariable} does not hold a certificate request; it is treated as no pending request.`,
      );
    } else {
      state.csrPem = block.text;
      deps.log.info(`A request is pending: variable ${csrVariable} holds a CSR.`);
    }
  }
  for (const warning of state.warnings) deps.log.warning(warning);
  return state;
}

function baseResult(settings: Settings, deps: Deps, stored: StoredState): RunResult {
  const result: RunResult = {
    mode: settings.mode,
    state: 'checked',
    dryRun: settings.dryRun,
    rotated: false,
    location: deps.store.location,
    writes: [],
    warnings: [...stored.warnings],
  };
  if (stored.certificate !== undefined) describeCurrent(result, stored.certificate, settings, deps.now());
  return result;
}

function describeCurrent(
  result: RunResult,
  certificate: CertificateInfo,
  settings: Settings,
  now: Date,
): void {
  result.certificate = certificate;
  result.daysRemaining = daysRemaining(certificate.notAfter, now);
  result.dueFrom = new Date(certificate.notAfter.getTime() - settings.renewBeforeDays * DAY_MS);
}

// ---------------------------------------------------------------------------------------------- request

async function request(settings: Settings, deps: Deps, stored: StoredState): Promise<RunResult> {
  const result = baseResult(settings, deps, stored);
  const now = deps.now();
  const { names } = settings;

  if (stored.csrPem !== undefined && !settings.force) {
    deps.log.info(
      `Not making a new key: a request is pending. Publishing its CSR again (force: true replaces it).`,
    );
    result.state = 'pending';
    result.csrPem = stored.csrPem;
    result.publicKeySha256 = publicKeySha256(await deps.openssl.csrPublicKey(stored.csrPem));
    await publishCsr(settings, deps, result, stored.csrPem);
    return result;
  }
  if (
    stored.certificate !== undefined &&
    !settings.force &&
    !isRotationDue(stored.certificate.notAfter, settings.renewBeforeDays, now)
  ) {
    deps.log.info(
      `Not due: the current certificate has ${result.daysRemaining} days left (renew-before-days: ${settings.renewBeforeDays}).`,
    );
    result.state = 'not-due';
    return result;
  }

  const made = await deps.log.group('Generate key and CSR with OpenSSL', async () => {
    const subject = subjectAttributes(settings.clientId, settings.mangopayEnvironment);
    const making = deps.openssl.createKeyAndCsr(settings.keyType, subject);
    // OpenSSL works in its own process: meanwhile fetch the public key and load libsodium (loading the
    // artifact client here too was measured to slow OpenSSL down on a 2-core runner).
    // A failure is ignored here; the real call below reports it.
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
  result.state = 'requested';
  result.rotated = true;
  result.csrPem = made.csrPem;
  result.publicKeySha256 = made.hash;

  const sealed = await deps.log.group('Encrypt the key for the store', async () => {
    const value = encodeStoredValue(made.privateKeyPem, settings.keyFormat);
    deps.mask(value);
    return deps.store.sealSecret(value);
  });

  if (settings.dryRun) {
    result.writes.push(
      `secret ${names.pendingKeySecret}`,
      `variable ${names.csrVariable}`,
      `artifact ${settings.artifact.name}`,
    );
    result.csrPath = await writeCsrFile(settings, deps, made.csrPem);
    deps.log.info(
      `Dry run: would store secret ${names.pendingKeySecret} and variable ${names.csrVariable} and publish the CSR; wrote nothing.`,
    );
    return result;
  }

  await deps.log.group(`Store the pending key and CSR in ${deps.store.location}`, async () => {
    try {
      await deps.store.putSecret(names.pendingKeySecret, sealed);
    } catch (error) {
      throw new PartialWriteError(
        `${errorText(error)}. Nothing was written.`,
        [],
        [
          `secret ${names.pendingKeySecret}`,
          `variable ${names.csrVariable}`,
          `artifact ${settings.artifact.name}`,
        ],
      );
    }
    result.writes.push(`secret ${names.pendingKeySecret}`);
    try {
      await deps.store.setVariable(
        names.csrVariable,
        made.csrPem,
        stored.existingVariables.has(names.csrVariable),
      );
    } catch (error) {
      // Never leave a pending key whose CSR cannot be found again.
      const removed = await deps.store.deleteSecret(names.pendingKeySecret).then(
        () => true,
        () => false,
      );
      throw new PartialWriteError(
        `${errorText(error)} ` +
          (removed
            ? `The pending key secret ${names.pendingKeySecret} was removed again; nothing of this run is stored. Run again.`
            : `The pending key secret ${names.pendingKeySecret} IS stored but its CSR is not, and removing it failed: delete it by hand, then run again.`),
        removed ? [] : [`secret ${names.pendingKeySecret}`],
        [`variable ${names.csrVariable}`, `artifact ${settings.artifact.name}`],
      );
    }
    result.writes.push(`variable ${names.csrVariable}`);
    deps.log.info(`Stored secret ${names.pendingKeySecret} and variable ${names.csrVariable}.`);

    // Two runs at once could interleave their writes (a concurrency group prevents it). Storing the key once
    // more after the CSR and then checking that the CSR is still this run's makes any two runs that both
    // succeed equivalent to one after the other, so their stored key and CSR always belong together.
    let storedCsr: string | undefined;
    try {
      await deps.store.putSecret(names.pendingKeySecret, sealed);
      storedCsr = await deps.store.getVariable(names.csrVariable);
    } catch (error) {
      throw new PartialWriteError(
        `${errorText(error)}. Secret ${names.pendingKeySecret} and variable ${names.csrVariable} are stored, but ` +
          'this run could not confirm that no other run replaced them, so nothing was published. Run request ' +
          'again: it publishes the stored CSR (use force: true instead if another run may have run at the same time).',
        [...result.writes],
        [`artifact ${settings.artifact.name}`],
      );
    }
    if (storedCsr === undefined || decodePemValue(storedCsr) !== made.csrPem) {
      throw new RefusedError(
        `Another run replaced variable ${names.csrVariable} while this run was storing its request, so secret ` +
          `${names.pendingKeySecret} may not match the stored CSR. Nothing was published. Run request again with force: true, ` +
          'one run at a time (give the workflow a concurrency group).',
      );
    }
  });

  await publishCsr(settings, deps, result, made.csrPem);
  return result;
}

async function writeCsrFile(settings: Settings, deps: Deps, csrPem: string): Promise<string> {
  // A folder of its own, so the artifact holds exactly this one file.
  const folder = path.join(deps.csrDir, settings.artifact.name);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, settings.artifact.fileName);
  await writeFile(file, csrPem, { mode: 0o644 });
  return file;
}

async function publishCsr(settings: Settings, deps: Deps, result: RunResult, csrPem: string): Promise<void> {
  result.csrPath = await writeCsrFile(settings, deps, csrPem);
  if (settings.dryRun) {
    result.writes.push(`artifact ${settings.artifact.name}`);
    return;
  }
  await deps.log.group('Publish the CSR', async () => {
    try {
      const publication = await deps.publisher.publish({
        name: settings.artifact.name,
        filePath: result.csrPath as string,
        retentionDays: settings.artifact.retentionDays,
      });
      result.artifactId = publication.id;
      result.artifactLocation = publication.location;
      result.writes.push(`artifact ${settings.artifact.name}`);
      deps.log.info(`Published the CSR as ${publication.location}.`);
    } catch (error) {
      // No output will point to the CSR file now: remove it (the CSR is in the variable).
      await rm(path.dirname(result.csrPath as string), { recursive: true, force: true });
      result.csrPath = undefined;
      const stored =
        result.writes.length > 0 ? `${result.writes.join(' and ')} are stored and consistent; ` : '';
      throw new PartialWriteError(
        `Could not publish the CSR artifact "${settings.artifact.name}": ${errorText(error)}. ${stored}` +
          `the CSR is also in variable ${settings.names.csrVariable}; run request again to publish it.`,
        result.writes,
        [`artifact ${settings.artifact.name}`],
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------- promote

async function promote(settings: Settings, deps: Deps, stored: StoredState): Promise<RunResult> {
  const result = baseResult(settings, deps, stored);
  const { names } = settings;
  const now = deps.now();
  const certificatePem = settings.promote.certificatePem as string;
  const pendingKeyPem = await pendingKey(settings, deps);
  const currentKeyPem =
    settings.promote.currentPrivateKeyPem ?? (await readKeyFromStore(deps, names.keySecret));

  const certificate = await deps.log.group('Verify the issued certificate', async () => {
    const info = describeCertificate(certificatePem);
    const certificateInput = settings.promote.certificateInput ?? 'certificate';
    const pendingHash = publicKeySha256(pendingKeyPem);
    if (!spkiDer(certificatePem).equals(spkiDer(pendingKeyPem))) {
      throw new RefusedError(
        `The certificate (${certificateInput}) was not issued for the pending key: its public key SHA-256 is ` +
          `${info.publicKeySha256}, the pending key's is ${pendingHash}. Upload the CSR of the pending request ` +
          `(variable ${names.csrVariable}) to get the right certificate. Nothing was written.`,
      );
    }
    if (stored.csrPem !== undefined) {
      const csrHash = publicKeySha256(await deps.openssl.csrPublicKey(stored.csrPem));
      if (csrHash !== pendingHash) {
        throw new RefusedError(
          `The pending key (pending-private-key) does not belong to the pending CSR in variable ${names.csrVariable} ` +
            `(public key SHA-256 ${pendingHash} vs ${csrHash}): another request replaced one of them. ` +
            'Pass the matching secret, or run request with force: true to start over. Nothing was written.',
        );
      }
    }
    if (now < info.notBefore) {
      throw new RefusedError(
        `The certificate is not valid yet: its validity starts ${isoUtc(info.notBefore)}. Nothing was written.`,
      );
    }
    if (now > info.notAfter) {
      throw new RefusedError(`The certificate expired on ${isoUtc(info.notAfter)}. Nothing was written.`);
    }
    const expectedCn = commonName(settings.clientId, settings.mangopayEnvironment);
    if (info.commonName !== expectedCn) {
      result.warnings.push(`The certificate's CN is ${info.commonName ?? '(none)'}, expected ${expectedCn}.`);
    }
    if (!info.clientAuth) {
      result.warnings.push(
        'The certificate has no extendedKeyUsage clientAuth; TLS servers may refuse it as a client certificate.',
      );
    }
    for (const warning of result.warnings.slice(stored.warnings.length)) deps.log.warning(warning);
    deps.log.info(
      `Certificate ${info.subject}, issued by ${info.issuer}, serial ${info.serialNumber}, matches the pending key.`,
    );
    return info;
  });

  const verifyUrl = settings.promote.verifyUrl;
  if (verifyUrl !== undefined) {
    await deps.log.group(`Verify an mTLS handshake with ${verifyUrl.host}`, async () => {
      const outcome = await deps.verifyTls(verifyUrl, pendingKeyPem, certificatePem);
      result.handshake = { url: verifyUrl.toString(), status: outcome.status };
      const message = `The TLS handshake with ${verifyUrl.host} succeeded with the new certificate; the server answered HTTP ${outcome.status}.`;
      if (outcome.status >= 400) {
        const warning = `${message} The certificate was accepted, but the request was refused at HTTP level (an IP allowlist answers 403).`;
        result.warnings.push(warning);
        deps.log.warning(warning);
      } else {
        deps.log.info(message);
      }
    });
  }

  // Seal every secret before the first write, so a failure to encrypt writes nothing.
  const plan = await deps.log.group('Encrypt the keys for the store', async () => {
    const steps: WriteStep[] = [];
    // A promote repeated after a partial failure finds the new key and certificate already installed: the
    // _PREVIOUS copies must then be left alone, or the old credential would be overwritten by the new one.
    const newKey = spkiDer(pendingKeyPem);
    if (currentKeyPem !== undefined && !spkiDer(currentKeyPem).equals(newKey)) {
      const value = encodeStoredValue(currentKeyPem, settings.keyFormat);
      deps.mask(value);
      steps.push({
        kind: 'secret',
        name: names.previousKeySecret,
        sealed: await deps.store.sealSecret(value),
      });
    } else if (currentKeyPem !== undefined) {
      deps.log.info(
        `The current key is already the new one (a repeated promote); ${names.previousKeySecret} is left as it is.`,
      );
    }
    if (stored.certificatePem !== undefined && !spkiDer(stored.certificatePem).equals(newKey)) {
      steps.push({
        kind: 'variable',
        name: names.previousCertificateVariable,
        value: encodeStoredValue(stored.certificatePem, settings.keyFormat),
      });
    }
    const keyValue = encodeStoredValue(pendingKeyPem, settings.keyFormat);
    deps.mask(keyValue);
    steps.push({ kind: 'secret', name: names.keySecret, sealed: await deps.store.sealSecret(keyValue) });
    steps.push({
      kind: 'variable',
      name: names.certificateVariable,
      value: encodeStoredValue(certificatePem, settings.keyFormat),
    });
    steps.push({ kind: 'delete-secret', name: names.pendingKeySecret });
    if (stored.existingVariables.has(names.csrVariable))
      steps.push({ kind: 'delete-variable', name: names.csrVariable });
    return steps;
  });

  result.state = 'promoted';
  result.rotated = true;
  describeCurrent(result, certificate, settings, now);
  if (settings.dryRun) {
    result.writes.push(...plan.map(describeStep));
    deps.log.info(`Dry run: would ${plan.map(describeStep).join(', ')}; wrote nothing.`);
    return result;
  }
  await deps.log.group(`Install the new credential in ${deps.store.location}`, () =>
    applySteps(plan, settings, deps, stored, result),
  );
  return result;
}

type WriteStep =
  | { kind: 'secret'; name: string; sealed: SealedSecret }
  | { kind: 'variable'; name: string; value: string }
  | { kind: 'delete-secret' | 'delete-variable'; name: string };

function describeStep(step: WriteStep): string {
  switch (step.kind) {
    case 'secret':
      return `secret ${step.name}`;
    case 'variable':
      return `variable ${step.name}`;
    case 'delete-secret':
      return `delete secret ${step.name}`;
    case 'delete-variable':
      return `delete variable ${step.name}`;
  }
}

async function applySteps(
  plan: WriteStep[],
  settings: Settings,
  deps: Deps,
  stored: StoredState,
  result: RunResult,
): Promise<void> {
  const { keySecret, certificateVariable } = settings.names;
  for (const [index, step] of plan.entries()) {
    try {
      switch (step.kind) {
        case 'secret':
          await deps.store.putSecret(step.name, step.sealed);
          break;
        case 'variable':
          await deps.store.setVariable(step.name, step.value, stored.existingVariables.has(step.name));
          break;
        case 'delete-secret':
          await deps.store.deleteSecret(step.name);
          break;
        case 'delete-variable':
          await deps.store.deleteVariable(step.name);
          break;
      }
    } catch (error) {
      const remaining = plan.slice(index).map(describeStep);
      const done = result.writes.length > 0 ? `Done: ${result.writes.join(', ')}.` : 'Nothing was written.';
      const keyWithoutCertificate =
        result.writes.includes(`secret ${keySecret}`) &&
        !result.writes.includes(`variable ${certificateVariable}`);
      const warning = keyWithoutCertificate
        ? ` WARNING: secret ${keySecret} already holds the NEW key but variable ${certificateVariable} still holds the OLD certificate.`
        : '';
      const pendingGone = result.writes.includes(`delete secret ${settings.names.pendingKeySecret}`);
      const howToFinish = pendingGone
        ? `The new credential is installed; only clean-up is left: ${remaining.join(', ')}. Do it by hand (repository ` +
          'Settings > Secrets and variables > Actions), or the next request will report the old CSR as pending.'
        : 'Run promote again with the same inputs to finish (a repeated promote keeps the _PREVIOUS copies intact).';
      throw new PartialWriteError(
        `Promotion stopped: ${errorText(error)}. ${done} Not done: ${remaining.join(', ')}.${warning} ${howToFinish}`,
        [...result.writes],
        remaining,
      );
    }
    result.writes.push(describeStep(step));
  }
  deps.log.info(`Installed: ${result.writes.join(', ')}.`);
}

async function pendingKey(settings: Settings, deps: Deps): Promise<string> {
  if (settings.promote.pendingPrivateKeyPem !== undefined) return settings.promote.pendingPrivateKeyPem;
  const fromStore = await readKeyFromStore(deps, settings.names.pendingKeySecret);
  if (fromStore === undefined) {
    throw new RefusedError(
      `No pending key: secret ${settings.names.pendingKeySecret} is not in ${deps.store.location}. ` +
        "Run request first, or pass the key with 'pending-private-key'.",
    );
  }
  return fromStore;
}

/** Stores that can read secrets (the CLI's folder) provide keys the action must be given as inputs. */
async function readKeyFromStore(deps: Deps, name: string): Promise<string | undefined> {
  const value = deps.store.readSecret === undefined ? undefined : await deps.store.readSecret(name);
  if (value === undefined) return undefined;
  for (const form of sensitiveForms(value)) deps.mask(form);
  const pem = decodePemValue(value);
  const block = pem === undefined ? undefined : pemBlocks(pem).find((b) => b.label.endsWith('PRIVATE KEY'));
  if (block === undefined)
    throw new RefusedError(`Secret ${name} in ${deps.store.location} does not hold a PEM private key.`);
  return block.text;
}

// ---------------------------------------------------------------------------------------------- check

function check(settings: Settings, deps: Deps, stored: StoredState): RunResult {
  const result = baseResult(settings, deps, stored);
  result.state = 'checked';
  result.pending = stored.csrPem !== undefined;
  result.due = isRotationDue(stored.certificate?.notAfter, settings.renewBeforeDays, deps.now());
  if (stored.certificate === undefined) {
    deps.log.info(`No current certificate in ${deps.store.location}: a request is due.`);
  } else if ((result.daysRemaining ?? 0) < 0) {
    const warning = `The current certificate expired on ${isoUtc(stored.certificate.notAfter)}.`;
    result.warnings.push(warning);
    deps.log.warning(warning);
  } else {
    deps.log.info(
      `The current certificate expires ${isoUtc(stored.certificate.notAfter)} (${result.daysRemaining} days).`,
    );
  }
  return result;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}
