/**
 * Where the credential lives: GitHub Actions secrets and variables of a repository or environment, or a
 * local folder for the CLI. The rotation logic only sees this interface.
 */

/** A secret value encrypted for one store (GitHub: a sealed box for the target's public key). */
export interface SealedSecret {
  encryptedValue: string;
  keyId: string;
}

/** A variable as a listing returns it: its value, and when it was last written. */
export interface ListedVariable {
  value: string;
  /** GitHub's `updated_at` (whole seconds); undefined where the store cannot tell (the CLI's folder). */
  updatedAt: Date | undefined;
}

export interface CredentialStore {
  /** Where things are stored, for messages: "repository octo-org/payments". */
  readonly location: string;
  /** Those of the named variables that exist (keys upper-cased), in as few calls as possible. */
  readVariables(names: string[]): Promise<Map<string, ListedVariable>>;
  getVariable(name: string): Promise<string | undefined>;
  /** `exists` is what the caller read earlier; it saves a call, and a wrong guess is corrected. */
  setVariable(name: string, value: string, exists: boolean): Promise<void>;
  /** Returns false when there was nothing to delete. */
  deleteVariable(name: string): Promise<boolean>;
  /**
   * Optional: fetches what sealSecret needs at once and loads the rest once `compileAfter` resolves, so both
   * overlap key generation.
   */
  prepareToSeal?(compileAfter?: Promise<void>): Promise<void>;
  /** Encrypts for this store without writing anything (a dry run stops here). */
  sealSecret(value: string): Promise<SealedSecret>;
  putSecret(name: string, sealed: SealedSecret): Promise<void>;
  deleteSecret(name: string): Promise<boolean>;
  /**
   * A secret's value where the store can read it back (the CLI's folder); undefined when it is not there, and
   * always from GitHub, which never returns secret values (the action is given keys as inputs instead).
   */
  readSecret(name: string): Promise<string | undefined>;
}
