/**
 * export: hand the deploy job a key and certificate that work (shared/design.md, "The deploy job's side"):
 * the first of current, previous whose key matches its certificate and whose certificate is valid now,
 * as PEM files and as outputs. Nothing is written to the store; in Actions nothing is read from it either.
 */
import { publicKeySha256, spkiDer } from '../../domain/certificates.js';
import { RefusedError } from '../../domain/errors.js';
import { choosePair, type CredentialPair, type PairProblem } from '../../domain/pair.js';
import { encodeStoredValue } from '../../domain/pem.js';
import { isoUtc } from '../../domain/schedule.js';
import type { CredentialFiles } from '../../ports/credential-files.js';
import type { Logger } from '../../ports/deps.js';
import type { CredentialStore } from '../../ports/store.js';
import type { ExportOfPairs, ExportSettings, FolderSource } from '../../settings/export.js';
import type { ExportedResult } from '../result.js';
import { requiredKeyFromStore, readKeyFromStore } from '../stored-keys.js';
import { currentCertificate, readStoredState } from '../stored-state.js';

export interface ExportDeps {
  files: CredentialFiles;
  log: Logger;
  mask(value: string): void;
  now(): Date;
}

export async function exportCredential(settings: ExportOfPairs, deps: ExportDeps): Promise<ExportedResult> {
  for (const note of settings.notes) deps.log.info(note);
  const { current, previous } = settings.source;
  const now = deps.now();
  const choice = choosePair(current, previous, now);
  if (choice.kind === 'none') throw new RefusedError(`${choice.message} Nothing was written.`);
  const warnings: string[] = [];
  if (choice.kind === 'previous') warnings.push(fallbackWarning(current, choice.problem));
  const certificate = currentCertificate(choice.info, settings.renewBeforeDays, now);
  if (certificate.daysRemaining <= settings.renewBeforeDays) {
    warnings.push(
      `The ${choice.kind} certificate expires on ${isoUtc(choice.info.notAfter)}: ${certificate.daysRemaining} ` +
        `days left (renew-before-days is ${settings.renewBeforeDays}). Rotate the credential soon.`,
    );
  }
  for (const warning of warnings) deps.log.warning(warning);
  // Masked before anything can print it, though the key's every form already is (settings masked the inputs).
  const keyBase64 = encodeStoredValue(choice.pair.keyPem, 'base64');
  deps.mask(keyBase64);
  const files = await deps.log.group('Write the key and certificate files', () =>
    deps.files.write(choice.pair),
  );
  deps.log.info(
    `Handed out the ${choice.kind} key and certificate (${choice.info.subject}, valid until ` +
      `${isoUtc(choice.info.notAfter)}): ${files.keyPath}, ${files.certificatePath}.`,
  );
  return {
    mode: 'export',
    state: 'exported',
    dryRun: false,
    location: files.folder,
    writes: [files.keyPath, files.certificatePath],
    warnings,
    issue: undefined,
    used: choice.kind,
    current: certificate,
    files,
    keyBase64,
    certificateBase64: encodeStoredValue(choice.pair.certificatePem, 'base64'),
    publicKeySha256: choice.info.publicKeySha256,
  };
}

/** Names both public keys of the current pair, so a person can tell which half is new. */
function fallbackWarning(current: CredentialPair, problem: PairProblem): string {
  const why =
    problem.kind === 'mismatch'
      ? 'the current key does not match the current certificate'
      : problem.kind === 'expired'
        ? `the current certificate expired on ${isoUtc(problem.notAfter)}`
        : `the current certificate is not valid before ${isoUtc(problem.notBefore)}`;
  const same = spkiDer(current.keyPem).equals(spkiDer(current.certificatePem));
  return (
    `Handed out the previous key and certificate: ${why} (current key: public key SHA-256 ` +
    `${publicKeySha256(current.keyPem)}; current certificate: public key SHA-256 ` +
    `${publicKeySha256(current.certificatePem)}). ` +
    (same
      ? 'Rotate the credential.'
      : 'A promote or rollback may be between its writes: deploy again once it has finished.')
  );
}

/** The CLI's export: the values not given as options, read from its folder (`store`). */
export async function pairsFromFolder(
  settings: ExportSettings & { source: FolderSource },
  store: CredentialStore,
  deps: Pick<ExportDeps, 'log' | 'mask'>,
): Promise<ExportOfPairs> {
  const { names, given } = settings.source;
  const ports = { store, mask: (value: string) => deps.mask(value), log: deps.log };
  const stored = await readStoredState(names, ports);
  const certificate = given.certificate ?? stored.certificate?.pem;
  if (certificate === undefined) {
    throw new RefusedError(
      `No certificate: variable ${names.certificateVariable} is not in ${store.location}; pass --certificate. ` +
        'Nothing was written.',
    );
  }
  const current = {
    keyPem: given.privateKey ?? (await requiredKeyFromStore(ports, names.keySecret, 'private-key')),
    certificatePem: certificate,
  };
  const previousKey = given.previousPrivateKey ?? (await readKeyFromStore(ports, names.previousKeySecret));
  const previousCertificate =
    given.previousCertificate ??
    (stored.previousCertificate.kind === 'found' ? stored.previousCertificate.pem : undefined);
  const previous =
    previousKey === undefined || previousCertificate === undefined
      ? undefined
      : { keyPem: previousKey, certificatePem: previousCertificate };
  return { ...settings, source: { kind: 'inputs', current, previous } };
}
