/**
 * rollback's inputs: the current key and the previous key (the certificates are read from the variables).
 * Keys arrive already masked. In Actions both are required (GitHub never returns a secret's value); the
 * command-line twin reads from its folder each key not given as an option.
 */
import { InputError } from '../domain/errors.js';
import type { StoredNames } from '../domain/types.js';
import type { Host } from './host.js';
import type { InputName, Inputs } from './inputs.js';
import { privateKey } from './promote.js';

export interface RollbackKeys {
  /** Normalised PEM; undefined only in the CLI, which then reads `<key-secret>` from its folder. */
  currentPrivateKeyPem: string | undefined;
  /** Normalised PEM; undefined only in the CLI, which then reads `<key-secret>_PREVIOUS`. */
  previousPrivateKeyPem: string | undefined;
}

export function readRollbackKeys(inputs: Inputs, host: Host, names: StoredNames): RollbackKeys {
  const key = (name: InputName, secret: string): string | undefined => {
    const value = inputs.raw(name);
    if (value.trim() !== '') return privateKey(name, value);
    if (host.kind === 'cli') return undefined;
    throw new InputError(name, `is required in rollback mode: pass \${{ secrets.${secret} }}`);
  };
  return {
    currentPrivateKeyPem: key('current-private-key', names.keySecret),
    previousPrivateKeyPem: key('previous-private-key', names.previousKeySecret),
  };
}
