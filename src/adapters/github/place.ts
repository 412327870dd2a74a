/** Where secrets and variables live on GitHub, as the store sees it: the routes, their fields, their notices. */
import type { CallPurpose } from './errors.js';

export interface GitHubTarget {
  owner: string;
  repo: string;
  /** Set for secret-scope: environment. */
  environment?: string;
}

/** Where the routes point: a repository or environment (./repository.ts), or an organization (./organization.ts). */
export interface StorePlace {
  readonly location: string;
  /** The route prefix of secrets or variables, e.g. `/repos/{owner}/{repo}/actions/secrets`. */
  prefix(kind: 'secrets' | 'variables'): string;
  params(): Record<string, string>;
  purpose(action: string, resource: 'Secrets' | 'Variables', access: 'read' | 'write'): CallPurpose;
  /** Fields every write sends besides the value; resolved before anything is sealed or written. */
  writeFields(): Promise<Record<string, unknown>>;
  /** Told which names are read or written (organization scope: warns about repository overrides). */
  notice(kind: 'secrets' | 'variables', names: string[]): Promise<void>;
}

export interface PlaceIo {
  log: (message: string) => void;
  warning: (message: string) => void;
}
