/** The names of what is stored (key-secret, certificate-variable, csr-variable), checked by GitHub's rule. */
import { InputError } from '../domain/errors.js';
import type { StoredNames } from '../domain/types.js';
import { printable, type InputName, type Inputs } from './inputs.js';

// GitHub's rule for secret and variable names.
const STORED_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function storedName(inputs: Inputs, name: InputName): string {
  const value = inputs.value(name, 200);
  if (!STORED_NAME.test(value) || /^GITHUB_/i.test(value)) {
    throw new InputError(
      name,
      `expected letters, digits and "_", not starting with a digit or GITHUB_ (GitHub's rule for secret and variable names); got "${printable(value)}"`,
    );
  }
  return value.toUpperCase();
}

export function readStoredNames(inputs: Inputs): StoredNames {
  const keySecret = storedName(inputs, 'key-secret');
  const certificateVariable = storedName(inputs, 'certificate-variable');
  const csrVariable = storedName(inputs, 'csr-variable');
  const previousCertificateVariable = `${certificateVariable}_PREVIOUS`;
  if (csrVariable === certificateVariable || csrVariable === previousCertificateVariable) {
    throw new InputError(
      'csr-variable',
      `must differ from ${certificateVariable} and ${previousCertificateVariable}`,
    );
  }
  return {
    keySecret,
    pendingKeySecret: `${keySecret}_PENDING`,
    previousKeySecret: `${keySecret}_PREVIOUS`,
    certificateVariable,
    previousCertificateVariable,
    csrVariable,
  };
}
