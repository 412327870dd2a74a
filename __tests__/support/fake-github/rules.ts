// GitHub's rules as the fake applies them: which permissions a route needs, and how secrets and variables may
// be named.
import type { Access, TokenPermissions } from './types.js';

export const REPO = '/repos/{owner}/{repo}';
export const ENV = `${REPO}/environments/{environment_name}`;
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Permissions a route needs, or undefined when the fake does not implement it. */
export function requiredPermissions(
  method: string,
  route: string,
  rest: string | undefined,
  isEnvRoute: boolean,
): [keyof TokenPermissions, Access][] | undefined {
  if (route === REPO) return method === 'GET' ? [['metadata', 'read']] : undefined;
  if (route === ENV) return method === 'GET' ? [['actions', 'read']] : undefined;
  if (rest === undefined) return undefined;
  const resource = rest.startsWith('/secrets')
    ? 'secrets'
    : rest.startsWith('/variables')
      ? 'variables'
      : undefined;
  if (!resource) return undefined;
  const level: Access = method === 'GET' ? 'read' : 'write';
  // Environment-scoped secrets and variables need the environments permission as well.
  return isEnvRoute
    ? [
        [resource, level],
        ['environments', level],
      ]
    : [[resource, level]];
}

export function allows(permissions: TokenPermissions, perm: keyof TokenPermissions, level: Access): boolean {
  const granted: Access = permissions[perm] ?? (perm === 'metadata' ? 'read' : 'write');
  return granted === 'write' || (granted === 'read' && level === 'read');
}

/** GitHub's naming rules for secrets and variables (checked on the upper-cased name). */
export function nameProblem(kind: 'Secret' | 'Variable', name: string): string | undefined {
  if (!NAME_RULE.test(name)) {
    return (
      `${kind} names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). ` +
      'Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).'
    );
  }
  if (name.startsWith('GITHUB_')) {
    return `Failed to add ${kind.toLowerCase()}. ${kind} names must not start with GITHUB_.`;
  }
  return undefined;
}

/** The token of an `authorization: token …` or `bearer …` header. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
