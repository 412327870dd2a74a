import type { IssuesState } from '../fake-issues.js';
// What tests see of the GitHub fake: options, the handle, the fault kinds and the call log.
import type { FaultMatch } from '../fake-faults.js';
import type { Hold, HoldMatch } from '../fake-holds.js';

/** The token every default fake accepts, with every permission. */
export const FAKE_TOKEN = 'fake-github-token-0001';
export const DEFAULT_REPOSITORY = 'octo-org/payments';

export type Access = 'read' | 'write' | 'none';
/**
 * Fine-grained token permissions; each defaults to `write` (`read` for metadata).
 * `actions` is what GitHub asks for to read an environment (GET .../environments/{name}).
 */
export interface TokenPermissions {
  secrets?: Access;
  variables?: Access;
  environments?: Access;
  actions?: Access;
  metadata?: 'read' | 'none';
  /** The organization permissions "Secrets" and "Variables" (organization_secrets, organization_actions_variables). */
  organizationSecrets?: Access;
  organizationVariables?: Access;
}

/** Where secrets and variables live: a repository ('owner/name'), or one of its environments. */
export interface Target {
  repository: string;
  environment?: string;
}

/** An organization's own secrets and variables (every repository owner is an organization in the fake). */
export interface OrganizationTarget {
  organization: string;
}
export type AnyTarget = Target | OrganizationTarget;

/** Who may use an organization secret or variable, as stored. */
export interface OrganizationAccess {
  visibility: 'all' | 'private' | 'selected';
  selectedRepositoryIds: number[];
}

/** Queued misbehaviour; the first queued fault matching a request is used (and counted down). `route` is the OpenAPI template. */
export type Fault =
  | (FaultMatch & { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown })
  | (FaultMatch & { kind: 'drop' }) // destroy the socket without answering
  | (FaultMatch & { kind: 'slow'; delayMs: number }) // answer normally after a delay
  | (FaultMatch & { kind: 'secondary-rate-limit'; retryAfter?: number }); // 403 + retry-after (default 1 s)

export interface Call {
  method: string;
  /** Request path without the query string, as sent (percent-encoded). */
  path: string;
  /** OpenAPI template, or '(unmatched)' when GitHub has no such route. */
  route: string;
  /** Status answered; 0 when the connection was dropped. */
  status: number;
}

export interface FakeGitHub {
  /** Base URL for Octokit's `baseUrl` / the action's `github-api-url`. */
  url: string;
  /** The default token (FAKE_TOKEN unless `tokens` was given: then the first one). */
  token: string;
  addRepository(fullName: string): void;
  addEnvironment(repository: string, environment: string): void;
  /** Decrypted plaintext of a stored secret (opened with the independent sealed-box.ts). */
  secret(target: AnyTarget, name: string): string | undefined;
  secretNames(target: AnyTarget): string[];
  /** The `encrypted_value` exactly as it was stored. */
  encryptedSecret(target: AnyTarget, name: string): string | undefined;
  variable(target: AnyTarget, name: string): string | undefined;
  /** Seeds a variable (creates or overwrites) without going through HTTP. */
  setVariable(target: AnyTarget, name: string, value: string): void;
  /** Moves a variable's created_at and updated_at `ms` into the past (time passing, for the tests). */
  backdateVariable(target: AnyTarget, name: string, ms: number): void;
  /** Seeds a secret, sealed with the target's current public key, without going through HTTP. */
  setSecret(target: AnyTarget, name: string, plaintext: string): void;
  /** An organization secret's or variable's visibility and repository ids; undefined when absent. */
  organizationAccess(
    organization: string,
    kind: 'secret' | 'variable',
    name: string,
  ): OrganizationAccess | undefined;
  /** The id GET /repos/{owner}/{repo} answers. */
  repositoryId(fullName: string): number;
  /** Deterministic JSON of all state (targets, secret plaintexts, variable values, a write revision each). */
  snapshot(): string;
  calls: Call[];
  callCount(method: string, route: string): number;
  injectFault(fault: Fault): void;
  /**
   * Holds the next request matching `method` and `route` (the OpenAPI template) before anything of it is
   * handled: `arrived` resolves when it comes, and it is answered (and its write applied) only after
   * `release()`. One request per hold; faults apply after the release.
   */
  hold(match: HoldMatch): Hold;
  /** Requests that GitHub's OpenAPI description does not allow (route, method or body); should stay empty. */
  openApiViolations: string[];
  /** Issues, comments, labels and users of the workflow's repository (the issue routes' state). */
  issues: IssuesState;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  /** The issue routes (../fake-issues.ts), for the rotation issue: its initial state. */
  issues?: Partial<IssuesState>;
  /** The token the issue routes accept (issue-token); default: every known token. */
  issueToken?: string;
  /** token → permissions; default `{ [FAKE_TOKEN]: {} }` (everything allowed). */
  tokens?: Record<string, TokenPermissions>;
  /** 'owner/name' of each repository (each owner is also an organization); default [DEFAULT_REPOSITORY]. */
  repositories?: string[];
}
