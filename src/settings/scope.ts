/**
 * secret-scope and the inputs that go with it: github-environment, and at organization scope
 * organization-visibility and selected-repositories. Each error names the input.
 */
import { InputError } from '../domain/errors.js';
import { printable, type Inputs } from './inputs.js';
import { ORGANIZATION_VISIBILITIES, SCOPE_KINDS, type Scope } from '../domain/types.js';

/** '.' and '..' become path steps in a URL or a file path. */
const DOT_SEGMENT = /^\.\.?$/;
// GitHub's rules for repository names (at most 100 characters) and owner logins.
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;

export function readScope(inputs: Inputs): Scope {
  const kind = inputs.oneOf('secret-scope', SCOPE_KINDS);
  const environment = inputs.text('github-environment', 255);
  if (environment !== '' && DOT_SEGMENT.test(environment)) {
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

/** The organization that owns `repository`, and who may use what is stored there. */
function readOrganization(inputs: Inputs): Extract<Scope, { kind: 'organization' }> {
  const visibility = inputs.oneOf('organization-visibility', ORGANIZATION_VISIBILITIES);
  const list = inputs.text('selected-repositories');
  if (list !== '' && visibility !== 'selected') {
    throw new InputError(
      'selected-repositories',
      `is only used with organization-visibility: selected (here ${visibility}, which names no repositories); remove it`,
    );
  }
  // `repository` is owner/name (checked in full with the GitHub inputs); the CLI has none.
  const [owner = '', name = ''] = inputs.text('repository').split('/');
  if (owner !== '' && !OWNER.test(owner))
    throw new InputError('repository', 'expected owner/name, e.g. octo-org/payments');
  const names = list !== '' ? list.split(',').map((entry) => entry.trim()) : name !== '' ? [name] : [];
  const selectedRepositories: string[] = [];
  for (const entry of visibility === 'selected' ? names : []) {
    if (!REPOSITORY_NAME.test(entry) || DOT_SEGMENT.test(entry)) {
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
  return { kind: 'organization', organization: owner, visibility, selectedRepositories };
}
