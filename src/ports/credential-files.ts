/**
 * Where export puts the pair it hands out: two PEM files a deploy step reads (the PHP SDK's paths, curl's
 * --key/--cert). Two implementations: PemFiles (a folder on disk) and a memory one in the protocol tests.
 */
import type { CredentialPair } from '../domain/pair.js';

export interface WrittenPair {
  folder: string;
  /** The private key, PEM, mode 0600. */
  keyPath: string;
  /** The certificate (and its chain, when given), PEM. */
  certificatePath: string;
}

export interface CredentialFiles {
  /** Writes both files; when it throws, no key file is left behind. */
  write(pair: CredentialPair): Promise<WrittenPair>;
}
