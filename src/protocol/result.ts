/** What a run did, one shape per outcome: the source of the outputs, the job summary and the CLI's report. */
import type { CertificateInfo } from '../domain/certificates.js';
import type { Which } from '../domain/pair.js';
import type { Mode } from '../domain/types.js';
import type { WrittenPair } from '../ports/credential-files.js';

/** The current certificate (or the one just promoted) and what follows from it. */
export interface CurrentCertificate {
  info: CertificateInfo;
  /** Whole days to notAfter, rounded down; negative once expired. */
  daysRemaining: number;
  /** The first moment a request is due: notAfter minus renew-before-days. */
  dueFrom: Date;
}

/** A CSR this run made or found pending, and where it is now. */
export interface CsrFacts {
  pem: string;
  publicKeySha256: string;
  /** The public CSR file under RUNNER_TEMP (or the CLI's folder) for later steps. */
  path: string;
  /** Set once the artifact is uploaded (never in a dry run). */
  artifact: { id: number | undefined; location: string } | undefined;
}

interface Common {
  mode: Mode;
  dryRun: boolean;
  /** Where the credential is stored, e.g. "repository octo-org/payments". */
  location: string;
  /** Names written (or, in a dry run, that would have been written), in order. */
  writes: string[];
  /** Problems worth a person's attention that did not stop the run. */
  warnings: string[];
  /** The rotation issue this run opened, updated, commented or closed (issue: true). */
  issue: IssueLink | undefined;
}

export interface IssueLink {
  number: number;
  url: string;
}

export interface RequestedResult extends Common {
  mode: 'request';
  state: 'requested';
  csr: CsrFacts;
  current: CurrentCertificate | undefined;
}

export interface PendingResult extends Common {
  mode: 'request';
  state: 'pending';
  csr: CsrFacts;
  current: CurrentCertificate | undefined;
}

export interface NotDueResult extends Common {
  mode: 'request';
  state: 'not-due';
  current: CurrentCertificate;
}

export interface PromotedResult extends Common {
  mode: 'promote';
  state: 'promoted';
  /** The certificate just installed. */
  current: CurrentCertificate;
  /** verify-url outcome. */
  handshake: { url: string; status: number } | undefined;
}

export interface CheckedResult extends Common {
  mode: 'check';
  state: 'checked';
  current: CurrentCertificate | undefined;
  pending: boolean;
  due: boolean;
}

/** export: the pair handed out to the deploy job (nothing written to the store). */
export interface ExportedResult extends Common {
  mode: 'export';
  state: 'exported';
  used: Which;
  /** The certificate handed out. */
  current: CurrentCertificate;
  files: WrittenPair;
  /** base64 of the key's PEM: masked before it is returned. */
  keyBase64: string;
  certificateBase64: string;
  publicKeySha256: string;
}

/** rollback: the previous pair is current again, the replaced one kept as _PREVIOUS. */
export interface RolledBackResult extends Common {
  mode: 'rollback';
  state: 'rolled-back';
  /** The certificate now current (the one rolled back to). */
  current: CurrentCertificate;
  /** The certificate it replaced, now in `<certificate-variable>_PREVIOUS`. */
  replaced: CertificateInfo;
}

/** An issue_comment run whose comment is not a certificate for a rotation issue: nothing done. */
export interface IgnoredResult extends Common {
  mode: 'promote';
  state: 'ignored';
  /** Why, for the log and the summary. */
  reason: string;
}

export type RunResult =
  | RequestedResult
  | PendingResult
  | NotDueResult
  | PromotedResult
  | CheckedResult
  | IgnoredResult
  | ExportedResult
  | RolledBackResult;
export type State = RunResult['state'];
/** What the modes that work on the store return (rotate). */
export type StoreResult = Exclude<RunResult, ExportedResult>;

/** true only when this run made a new key (request) or installed one (promote). */
export function rotated(result: RunResult): boolean {
  return result.state === 'requested' || result.state === 'promoted';
}
