// What tests see of the artifact fake, and the state it keeps per artifact.
import type { FaultMatch } from '../fake-faults.js';
import type { Hold, HoldMatch } from '../fake-holds.js';

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
export const ACCOUNT = 'devstoreaccount1';
export const CONTAINER = 'actions-results';
export const UNMATCHED = '(unmatched)';

/** Twirp method names, or the blob operations: 'StageBlock', 'CommitBlockList', 'PutBlob'. */
export type ArtifactRoute = string;

export type ArtifactFault =
  /** Answers `status`; the default body is a Twirp JSON error (Twirp routes) or an Azure XML error (blob routes). */
  | (FaultMatch & { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown })
  | (FaultMatch & { kind: 'drop' })
  | (FaultMatch & { kind: 'slow'; delayMs: number });

export interface ArtifactCall {
  method: string;
  path: string;
  /** Twirp method, blob operation, or '(unmatched)'. */
  route: ArtifactRoute;
  /** 0 when the connection was dropped. */
  status: number;
}

export interface UploadedArtifact {
  id: number;
  name: string;
  /** Zip entries (directories left out), unzipped with fflate. */
  files: Record<string, Buffer>;
  /** Whole days from creation to expires_at, when the client asked for a retention. */
  retentionDays?: number;
  /** Bytes of the uploaded zip. */
  size: number;
}

export interface FakeArtifactService {
  /** Value for ACTIONS_RESULTS_URL. */
  url: string;
  /** Value for ACTIONS_RUNTIME_TOKEN: an unsigned JWT whose scp holds 'Actions.Results:<runId>:<jobId>'. */
  runtimeToken: string;
  /** Both variables as the runner sets them, ready to spread into process.env or a child's env. */
  env: { ACTIONS_RESULTS_URL: string; ACTIONS_RUNTIME_TOKEN: string };
  /** Finalized artifacts, in upload order. */
  artifacts(): UploadedArtifact[];
  calls: ArtifactCall[];
  injectFault(fault: ArtifactFault): void;
  /** Holds the next request for `route` (Twirp method or blob operation) until `release()`; see fake-holds.ts. */
  hold(match: HoldMatch): Hold;
  close(): Promise<void>;
}

/** One CreateArtifact and what was uploaded for it. */
export interface Pending {
  name: string;
  createdAt: number;
  expiresAt?: number;
  blobPath: string;
  sig: string;
  blocks: Map<string, Buffer>; // staged, uncommitted
  committed?: Buffer;
  finalized?: { id: number };
  /** Deleted again (DeleteArtifact) after it was finalized. */
  deleted?: boolean;
}

/** What the service knows about its workflow run and its artifacts. */
export interface ServiceState {
  runId: string;
  jobId: string;
  runtimeToken: string;
  /** Every CreateArtifact, in order. */
  artifacts: Pending[];
  nextId: number;
  baseUrl: string;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}
