/** The GitHub side of the action's inputs: token, target repository, API URL. Read only inside Actions. */
import { InputError } from '../domain/errors.js';
import { parseRepository } from '../domain/github-names.js';
import { printable, type Inputs } from './inputs.js';

export interface GitHubSettings {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
}

/** The token must be masked before (settings.ts maskSecretInputs). */
export function readGitHubSettings(inputs: Inputs): GitHubSettings {
  const token = inputs.raw('github-token').trim();
  if (token === '') {
    throw new InputError(
      'github-token',
      'is required: a fine-grained token or GitHub App token that may write Actions secrets and variables (GITHUB_TOKEN cannot write secrets)',
    );
  }
  const repository = parseRepository(inputs.text('repository'));
  if (repository === undefined)
    throw new InputError('repository', 'expected owner/name, e.g. octo-org/payments');
  return { token, apiUrl: apiUrl(inputs.text('github-api-url')), ...repository };
}

function apiUrl(value: string): string {
  const text = value || 'https://api.github.com';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      'github-api-url',
      `expected an http(s) URL such as https://api.github.com; got "${printable(text)}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('github-api-url', 'expected an http(s) URL such as https://api.github.com');
  }
  return url.toString().replace(/\/+$/, '');
}
