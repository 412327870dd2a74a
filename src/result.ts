/** What a run did, in one object: the source of the outputs, the job summary and the CLI's report. */
import type { CertificateInfo } from './certificates.js';
import type { Mode } from './settings.js';

export type State = 'requested' | 'pending' | 'not-due' | 'promoted' | 'checked';

export interface RunResult {
  mode: Mode;
  state: State;
  dryRun: boolean;
  rotated: boolean;
  /** Where the credential is stored, e.g. "repository octo-org/payments". */
  location: string;
  csrPem?: string;
  csrPath?: string;
  publicKeySha256?: string;
  artifactId?: number;
  /** Where the CSR was published, for people. */
  artifactLocation?: string;
  /** The current certificate (or the one just promoted). */
  certificate?: CertificateInfo;
  daysRemaining?: number;
  /** check: a request is pending / a request is due. */
  pending?: boolean;
  due?: boolean;
  /** First day a request becomes due, when a current certificate exists. */
  dueFrom?: Date;
  /** Names written (or, in a dry run, that would have been written), in order. */
  writes: string[];
  /** Problems worth a person's attention that did not stop the run. */
  warnings: string[];
  /** verify-url outcome. */
  handshake?: { url: string; status: number };
}
