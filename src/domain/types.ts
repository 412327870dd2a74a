/** The vocabulary every module shares: modes, key types, scopes and the names of what is stored. */

export type Mode = 'request' | 'promote' | 'check';
export const MODES: readonly Mode[] = ['request', 'promote', 'check'];

export type KeyType = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-p256' | 'ec-p384';
export const KEY_TYPES: readonly KeyType[] = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'];

/** How key and certificate values are stored: base64 of the PEM text, or the PEM text. */
export type KeyFormat = 'base64' | 'pem';
export const KEY_FORMATS: readonly KeyFormat[] = ['base64', 'pem'];

export type MangopayEnvironment = 'sandbox' | 'production';
export const MANGOPAY_ENVIRONMENTS: readonly MangopayEnvironment[] = ['sandbox', 'production'];

/** Who may read an organization secret or variable: the named repositories, private ones, or all. */
export type OrganizationVisibility = 'selected' | 'private' | 'all';
export const ORGANIZATION_VISIBILITIES: readonly OrganizationVisibility[] = ['selected', 'private', 'all'];

/** Where the secrets and variables live. */
export type Scope =
  | { kind: 'repository' }
  | { kind: 'environment'; environment: string }
  | {
      kind: 'organization';
      visibility: OrganizationVisibility;
      /** Repository names (without owner), for `selected`; empty otherwise. */
      selectedRepositories: string[];
    };
export const SCOPE_KINDS: readonly Scope['kind'][] = ['repository', 'environment', 'organization'];

/** The names of everything the action stores; derived from the three name inputs. */
export interface StoredNames {
  keySecret: string;
  pendingKeySecret: string;
  previousKeySecret: string;
  certificateVariable: string;
  previousCertificateVariable: string;
  csrVariable: string;
}
