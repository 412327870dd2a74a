/**
 * GitHub's naming rules, declared once: logins (users, organizations, owners), repository names, and the
 * path steps a name must never be (a URL or a file path would read "." and ".." as moves).
 */

/** A user or organization login: letters, digits and "-", not starting with "-", at most 39 characters. */
export const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;

/** A login as events name it, an app's bot included (`renovate[bot]`). */
export const EVENT_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;

/** A repository's name (without its owner): letters, digits, ".", "-" and "_", at most 100 characters. */
export const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** "." and "..": path steps, never names. */
export function isDotSegment(name: string): boolean {
  return name === '.' || name === '..';
}

/** `owner/name` split in two, or undefined when either part breaks GitHub's rules. */
export function parseRepository(text: string): { owner: string; repo: string } | undefined {
  const parts = text.split('/');
  if (parts.length !== 2) return undefined;
  const [owner, repo] = parts;
  if (!GITHUB_LOGIN.test(owner) || !REPOSITORY_NAME.test(repo) || isDotSegment(repo)) return undefined;
  return { owner, repo };
}
