/**
 * secret-scope and the inputs that go with it: github-environment, and at organization scope
 * organization-visibility and selected-repositories. Each error names the input.
 */
import { InputError } from '../domain/errors.js';
import { printable, type Inputs } from './inputs.js';
import { isDotSegment, parseRepository, REPOSITORY_NAME } from '../domain/github-names.js';
import { ORGANIZATION_VISIBILITIES, SCOPE_KINDS, type Scope } from '../domain/types.js';

export function readScope(inputs: Inputs): Scope {
  const kind = inputs.oneOf('secret-scope', SCOPE_KINDS);
  const environment = inputs.text('github-environment', 255);
  if (isDotSegment(environment)) {
    throw new InputError('github-environment', `must be an environment name, not "${environment}"`);
  }
  if (kind !== 'environment' && environment !== '') {
    throw new InputError(
      'github-environment',
      kind === 'repository'
        ? 'is set but secret-scope is repository; set secret-scope: environment'
        : 'is set but secret-scope is organization (organizations have no environments); remove it',
    );
  }
  if (kind === 'repository') return { kind };
  // Read only at organization scope: elsewhere a given value is reported as ignored, like any unused input.
  if (kind === 'organization') return readOrganization(inputs);
  if (environment === '') {
    throw new InputError(
      'github-environment',
      'is required when secret-scope is environment (the environment name)',
    );
  }
  return { kind, environment };
}

/** Who may use what is stored in the organization that owns `repository` (adapters/github/connect.ts). */
function readOrganization(inputs: Inputs): Extract<Scope, { kind: 'organization' }> {
  const visibility = inputs.oneOf('organization-visibility', ORGANIZATION_VISIBILITIES);
  const list = inputs.text('selected-repositories');
  if (list !== '' && visibility !== 'selected') {
    throw new InputError(
      'selected-repositories',
      `is only used with organization-visibility: selected (here ${visibility}, which names no repositories); remove it`,
    );
  }
  // The default: `repository`'s own name (the CLI has no repository, hence no default).
  const repository = inputs.text('repository');
  const own = repository === '' ? undefined : parseRepository(repository);
  if (repository !== '' && own === undefined)
    throw new InputError('repository', 'expected owner/name, e.g. octo-org/payments');
  const names =
    list !== '' ? list.split(',').map((entry) => entry.trim()) : own !== undefined ? [own.repo] : [];
  const selectedRepositories: string[] = [];
  for (const entry of visibility === 'selected' ? names : []) {
    if (!REPOSITORY_NAME.test(entry) || isDotSegment(entry)) {
      throw new InputError(
        'selected-repositories',
        'expected comma-separated repository names of the organization, without the owner (letters, digits, ' +
          `".", "-" and "_", at most 100 characters); got "${printable(entry)}"`,
      );
    }
    // GitHub matches repository names case-insensitively.
    if (!selectedRepositories.some((seen) => seen.toLowerCase() === entry.toLowerCase()))
      selectedRepositories.push(entry);
  }
  return { kind: 'organization', visibility, selectedRepositories };
}
