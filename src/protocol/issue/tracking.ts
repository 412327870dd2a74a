/** Which credential a rotation issue is for, and how an issue step runs after the credential writes. */
import { errorText, PartialWriteError } from '../../domain/errors.js';
import type { CredentialId } from '../../issue/marker.js';
import type { RunResult } from '../result.js';
import type { StoreSettings } from '../../settings/settings.js';

/**
 * What identifies the credential in the marker: where it is stored (the repository, or at
 * organization scope the organization), and for which client.
 */
export function credentialId(settings: StoreSettings, target: { owner: string; repo: string }): CredentialId {
  const { scope, clientId, mangopayEnvironment } = settings;
  const repository = `${target.owner}/${target.repo}`;
  switch (scope.kind) {
    case 'repository':
      return { target: repository, scope: scope.kind, clientId, mangopayEnvironment };
    case 'environment':
      return {
        target: repository,
        scope: scope.kind,
        githubEnvironment: scope.environment,
        clientId,
        mangopayEnvironment,
      };
    case 'organization':
      return { target: target.owner, scope: scope.kind, clientId, mangopayEnvironment };
  }
}

/**
 * Runs an issue step after the credential writes: the credential is the source of truth, so a failed issue
 * call never undoes it; the run fails with a message that says what is stored.
 */
export async function afterWrites(result: RunResult, what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const stored =
      result.writes.length > 0
        ? `The credential writes succeeded (${result.writes.join(', ')})`
        : 'Nothing was written';
    throw new PartialWriteError(
      `${stored}, but ${what} failed: ${errorText(error)}. The rotation issue may be out of date; run again to update it.`,
      [...result.writes],
      [what],
    );
  }
}
