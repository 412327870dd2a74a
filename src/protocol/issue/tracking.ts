/** Which credential a rotation issue is for, and how an issue step runs after the credential writes. */
import { errorText, PartialWriteError } from '../../domain/errors.js';
import type { CredentialId } from '../../issue/marker.js';
import type { RunResult } from '../result.js';
import type { Settings } from '../../settings/settings.js';

/**
 * What identifies the credential in the marker: where it is stored (the repository, or at
 * organization scope the organization), and for which client.
 */
export function credentialId(settings: Settings, target: { owner: string; repo: string }): CredentialId {
  const { scope } = settings;
  return {
    target: scope.kind === 'organization' ? target.owner : `${target.owner}/${target.repo}`,
    scope: scope.kind,
    githubEnvironment: scope.kind === 'environment' ? scope.environment : '',
    clientId: settings.clientId,
    mangopayEnvironment: settings.mangopayEnvironment,
  };
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
