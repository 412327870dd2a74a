// secret-scope: organization and its two inputs, read as src/main.ts and the CLI read them.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/domain/errors.js';
import { readInputs, type RawInputs } from '../support/read-inputs.js';
import { tempDirSync } from '../support/temp.js';

const workspace = tempDirSync('scope-ws-');
const base: RawInputs = {
  'client-id': 'acme',
  'github-token': 'ghp_x',
  repository: 'octo-org/payments',
  'github-api-url': 'https://api.github.com',
  'secret-scope': 'organization',
};

const scopeOf = (inputs: RawInputs, inActions = true) =>
  readInputs({ ...base, ...inputs }, { workspace, inActions }).settings;

function refusal(inputs: RawInputs): InputError {
  try {
    scopeOf(inputs);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('secret-scope: organization', () => {
  it('defaults to the owner of repository, visibility selected, and the repository itself', () => {
    expect(scopeOf({}).scope).toEqual({
      kind: 'organization',
      visibility: 'selected',
      selectedRepositories: ['payments'],
    });
  });

  it('reads selected-repositories: comma-separated, trimmed, deduplicated without regard to case', () => {
    const { scope } = scopeOf({ 'selected-repositories': ' payouts,payments , PAYOUTS,my.repo_2-x ' });
    expect(scope).toMatchObject({ selectedRepositories: ['payouts', 'payments', 'my.repo_2-x'] });
  });

  it.each(['private', 'all'])('%s names no repositories', (visibility) => {
    expect(scopeOf({ 'organization-visibility': visibility }).scope).toEqual({
      kind: 'organization',
      visibility,
      selectedRepositories: [],
    });
  });

  it.each([
    [{ 'organization-visibility': 'private', 'selected-repositories': 'payments' }, 'selected-repositories'],
    [{ 'organization-visibility': 'all', 'selected-repositories': 'payments' }, 'selected-repositories'],
    [{ 'organization-visibility': 'public' }, 'organization-visibility'],
    [{ 'selected-repositories': 'octo-org/payments' }, 'selected-repositories'],
    [{ 'selected-repositories': 'payments,,payouts' }, 'selected-repositories'],
    [{ 'selected-repositories': 'pay ments' }, 'selected-repositories'],
    [{ 'selected-repositories': 'payments,..' }, 'selected-repositories'],
    [{ 'selected-repositories': 'x'.repeat(101) }, 'selected-repositories'],
    [{ 'github-environment': 'production' }, 'github-environment'],
  ])('refuses %j naming %s', (inputs, input) => {
    const error = refusal(inputs);
    expect(error.input).toBe(input);
    expect(error.message).toMatch(new RegExp(`^Input '${input}': `));
  });

  it('says why selected-repositories is refused with another visibility', () => {
    expect(
      refusal({ 'organization-visibility': 'all', 'selected-repositories': 'payments' }).message,
    ).toMatch(/only used with organization-visibility: selected/);
  });

  it('in the CLI (no repository): no organization login, and the repositories given', () => {
    const settings = scopeOf({ repository: '', 'selected-repositories': 'payments' }, false);
    expect(settings.scope).toEqual({
      kind: 'organization',
      visibility: 'selected',
      selectedRepositories: ['payments'],
    });
  });

  it('at repository scope, the organization inputs are reported as not used', () => {
    const settings = scopeOf({ 'secret-scope': 'repository', 'selected-repositories': 'payments' });
    expect(settings.scope).toEqual({ kind: 'repository' });
    expect(settings.notes).toEqual([expect.stringMatching(/^Input 'selected-repositories' is not used/)]);
  });
});
