/** The rotation issue's inputs (issue: true), read inside Actions only: the CLI has no issue tracker. */
import { InputError } from '../domain/errors.js';
import { parseRepository } from '../domain/github-names.js';
import { printable, type Inputs } from './inputs.js';
import { parseAssignees, type RequiredPermission } from '../issue/policy.js';

export type RepositoryRole = RequiredPermission;
export const PROMOTE_ROLES: readonly RepositoryRole[] = ['write', 'maintain', 'admin'];

export interface IssueSettings {
  token: string;
  /** The workflow's own repository (GITHUB_REPOSITORY): the issue lives there whatever the credential's target. */
  owner: string;
  repo: string;
  assignees: string[];
  label: string;
  promotePermission: RepositoryRole;
  reminderIntervalDays: number;
}

/** undefined when `issue` is false. The token was masked before (maskSecretInputs). */
export function readIssueSettings(
  inputs: Inputs,
  workflowRepository: string | undefined,
): IssueSettings | undefined {
  if (!inputs.boolean('issue')) return undefined;
  const token = inputs.raw('issue-token').trim();
  if (token === '') {
    throw new InputError(
      'issue-token',
      'is required when issue is true: a token with Issues: read and write (github.token with issues: write)',
    );
  }
  const repository = parseRepository(workflowRepository ?? '');
  if (repository === undefined) {
    throw new InputError(
      'issue',
      'needs GITHUB_REPOSITORY (owner/name), where the rotation issue lives; it is set on every runner',
    );
  }
  const { logins: assignees, invalid } = parseAssignees(inputs.text('issue-assignees'));
  if (invalid.length > 0) {
    throw new InputError(
      'issue-assignees',
      `expected comma-separated GitHub logins; got "${printable(invalid[0])}"`,
    );
  }
  const label = inputs.value('issue-label', 50);
  if (label === '' || label.includes(',')) {
    throw new InputError('issue-label', 'expected a label name of 1 to 50 characters without commas');
  }
  return {
    token,
    ...repository,
    assignees,
    label,
    promotePermission: inputs.oneOf('promote-permission', PROMOTE_ROLES),
    reminderIntervalDays: inputs.integer('reminder-interval-days', 1, 365),
  };
}
