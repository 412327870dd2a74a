/** The GitHub side of the action's inputs: token, target repository, API URL. Read only inside Actions. */
import { InputError } from '../domain/errors.js';
import { printable, type Inputs } from './inputs.js';

export interface GitHubSettings {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
}

// The name part is never '.' or '..': a URL would read those as path steps and call another route.
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/(?!\.\.?$)[A-Za-z0-9._-]+$/;

/** The token must be masked before (settings.ts maskSecretInputs). */
export function readGitHubSettings(inputs: Inputs): GitHubSettings {
  const token = inputs.raw('github-token').trim();
  if (token === '') {
    throw new InputError(
      'github-token',
      'is required: a fine-grained token or GitHub App token that may write Actions secrets and variables (GITHUB_TOKEN cannot write secrets)',
    );
  }
  const repository = inputs.text('repository');
  if (!REPOSITORY.test(repository))
    throw new InputError('repository', 'expected owner/name, e.g. octo-org/payments');
  const [owner, repo] = repository.split('/');
  return { token, apiUrl: apiUrl(inputs.text('github-api-url')), owner, repo };
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
