/**
 * request's guard against two runs at once, and what it does when the guard fails: the artifact was uploaded
 * beside the confirmation, so it is deleted again (best effort) and the error says what is left.
 */
import type { Deps } from '../../ports/deps.js';
import { errorText, PartialWriteError, RefusedError } from '../../domain/errors.js';
import { decodePemValue } from '../../domain/pem.js';
import type { CsrArtifact, Publication } from '../../ports/publisher.js';
import type { StoredNames } from '../../domain/types.js';
import type { WriteStep } from '../write-plan.js';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export type Confirmation = 'confirmed' | 'replaced' | { unconfirmed: unknown };

/**
 * Two runs at once could interleave their writes (a concurrency group prevents it). Storing the key once more
 * after the CSR and then checking that the CSR is still this run's makes any two runs that both succeed
 * equivalent to one after the other, so their stored key and CSR always belong together.
 */
export async function confirmRequest(
  names: StoredNames,
  deps: Deps,
  sealed: Extract<WriteStep, { kind: 'put-secret' }>['sealed'],
  csrPem: string,
): Promise<Confirmation> {
  const { pendingKeySecret, csrVariable } = names;
  let storedCsr: string | undefined;
  try {
    await deps.store.putSecret(pendingKeySecret, sealed);
    storedCsr = await deps.store.getVariable(csrVariable);
  } catch (error) {
    return { unconfirmed: error };
  }
  return storedCsr !== undefined && decodePemValue(storedCsr) === csrPem ? 'confirmed' : 'replaced';
}

/** Deletes again what the upload beside an unconfirmed request published; says what is left. */
export async function withdraw(
  deps: Deps,
  artifact: CsrArtifact,
  uploaded: Settled<Publication>,
): Promise<{ note: string; left: boolean }> {
  const { name } = artifact;
  if (!uploaded.ok) return { note: 'Nothing was published.', left: false };
  const retracted =
    deps.publisher.retract === undefined
      ? 'this publisher cannot delete it'
      : await deps.publisher.retract(artifact, uploaded.value).then(
          () => undefined,
          (error: unknown) => errorText(error),
        );
  if (retracted === undefined) {
    return {
      note: 'Nothing stays published: the CSR artifact uploaded meanwhile was deleted again.',
      left: false,
    };
  }
  return {
    note: `The CSR artifact "${name}" of this run was uploaded meanwhile and could not be deleted again (${retracted}): do not use it.`,
    left: true,
  };
}

export function unconfirmed(
  names: StoredNames,
  artifactName: string,
  confirmation: Exclude<Confirmation, 'confirmed'>,
  written: string[],
  withdrawn: { note: string; left: boolean },
): Error {
  const { pendingKeySecret, csrVariable } = names;
  const artifact = `artifact ${artifactName}`;
  const published = withdrawn.note;
  if (confirmation === 'replaced') {
    return new RefusedError(
      `Another run replaced variable ${csrVariable} while this run was storing its request, so secret ` +
        `${pendingKeySecret} may not match the stored CSR. ${published} Run request again with force: true, ` +
        'one run at a time (give the workflow a concurrency group).',
    );
  }
  return new PartialWriteError(
    `${errorText(confirmation.unconfirmed)}. Secret ${pendingKeySecret} and variable ${csrVariable} are stored, ` +
      `but this run could not confirm that no other run replaced them. ${published} Run request again: it ` +
      'publishes the stored CSR (use force: true instead if another run may have run at the same time).',
    withdrawn.left ? [...written, artifact] : [...written],
    withdrawn.left ? [] : [artifact],
  );
}
