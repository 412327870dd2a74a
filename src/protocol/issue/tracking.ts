/**
 * The rotation issue as the protocol sees it: the tracker port, the issue settings and which credential
 * the issue is for. Present in `deps` only when `issue: true` (and never in the CLI).
 */
import { errorText, PartialWriteError } from '../../domain/errors.js';
import type { IssueSettings } from '../../settings/issue.js';
import type { CredentialId } from '../../issue/marker.js';
import type { IssueTracker } from '../../ports/issue-tracker.js';
import type { RunResult } from '../result.js';
import type { StoreSettings } from '../../settings/settings.js';

export interface IssueTracking {
  tracker: IssueTracker;
  settings: IssueSettings;
  credential: CredentialId;
  /** This workflow run, linked from the issue and the replies. */
  runUrl: string;
  /** https://github.com/owner/repo/issues: an issue's URL is this plus its number. */
  issuesUrl: string;
}

/**
 * What identifies the credential in the issue's marker: where it is stored (the repository, or at
 * organization scope the organization), and for which client.
 */
export function credentialId(settings: StoreSettings, target: { owner: string; repo: string }): CredentialId {
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
