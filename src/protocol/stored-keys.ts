/** Keys read back from a store that can (the CLI's folder); GitHub never returns a secret's value. */
import { RefusedError } from '../domain/errors.js';
import { decodePemValue, pemBlocks, sensitiveForms } from '../domain/pem.js';
import type { Deps } from '../ports/deps.js';

/** The key in secret `name` (every form masked first), or undefined when the store has none or cannot read it. */
export async function readKeyFromStore(
  deps: Pick<Deps, 'store' | 'mask'>,
  name: string,
): Promise<string | undefined> {
  const value = await deps.store.readSecret(name);
  if (value === undefined) return undefined;
  for (const form of sensitiveForms(value)) deps.mask(form);
  const pem = decodePemValue(value);
  const block = pem === undefined ? undefined : pemBlocks(pem).find((b) => b.label.endsWith('PRIVATE KEY'));
  if (block === undefined)
    throw new RefusedError(`Secret ${name} in ${deps.store.location} does not hold a PEM private key.`);
  return block.text;
}

/** The key in secret `name`, or a refusal naming the secret and the input that gives it instead. */
export async function requiredKeyFromStore(
  deps: Pick<Deps, 'store' | 'mask'>,
  name: string,
  input: string,
): Promise<string> {
  const key = await readKeyFromStore(deps, name);
  if (key !== undefined) return key;
  throw new RefusedError(
    `No key: secret ${name} is not in ${deps.store.location}. Pass the key with '${input}'. Nothing was written.`,
  );
}
