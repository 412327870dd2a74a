/** The side effects `run` needs, passed in one object so the action and the CLI differ only here. */
import type { KeyMaker } from './key-maker.js';
import type { CsrFiles } from './csr-files.js';
import type { CsrPublisher } from './publisher.js';
import type { CredentialStore } from './store.js';
import type { IssueTracking } from './issue-tracker.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Runs fn inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface TlsCheckResult {
  /** The HTTP status the server answered once it accepted the client certificate. */
  status: number;
}

export interface Deps {
  store: CredentialStore;
  publisher: CsrPublisher;
  openssl: KeyMaker;
  log: Logger;
  /** Registers a value with the log masker (core.setSecret in Actions). */
  mask(value: string): void;
  now(): Date;
  /** The public CSR file, written to <artifact-name>/<file> and left for later steps. */
  csrFiles: CsrFiles;
  /** One HTTPS GET presenting the key and certificate; throws when the TLS layer refuses them. */
  verifyTls(url: URL, privateKeyPem: string, certificatePem: string): Promise<TlsCheckResult>;
  /** The rotation issue (issue: true, Actions only). */
  issues: IssueTracking | undefined;
}
