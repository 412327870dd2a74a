// The results service's Twirp JSON API: CreateArtifact hands out a signed blob URL, FinalizeArtifact checks
// what was uploaded there. Requests are validated the way the service does (bearer runtime token, backend ids
// from its scp claim, name, version, expiry, size, hash).
import type { IncomingMessage } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { deleteArtifact, listArtifacts } from './twirp-list-delete.js';
import { ACCOUNT, CONTAINER, TWIRP_PREFIX, type Reply, type ServiceState } from './types.js';

/** Characters the service refuses in artifact names (the client checks the same list first). */
const BAD_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];

export class TwirpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
  unavailable: 503,
};

/** Answers one Twirp call, or throws a TwirpError. */
export function twirp(state: ServiceState, method: string, req: IncomingMessage, raw: Buffer): Reply {
  if (!['CreateArtifact', 'FinalizeArtifact', 'ListArtifacts', 'DeleteArtifact'].includes(method)) {
    throw new TwirpError('bad_route', `no handler for path "${TWIRP_PREFIX}${method}"`);
  }
  if (req.method !== 'POST') {
    throw new TwirpError('bad_route', `unsupported method ${req.method} (only POST is allowed)`);
  }
  if (req.headers.authorization !== `Bearer ${state.runtimeToken}`) {
    throw new TwirpError('unauthenticated', 'missing or invalid bearer runtime token');
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new TwirpError('bad_route', `unexpected Content-Type: ${req.headers['content-type'] ?? '(none)'}`);
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new TwirpError('malformed', 'the json request could not be decoded');
  }
  if (body.workflow_run_backend_id !== state.runId || body.workflow_job_run_backend_id !== state.jobId) {
    throw new TwirpError(
      'invalid_argument',
      'workflow_run_backend_id / workflow_job_run_backend_id do not match the runtime token',
    );
  }
  if (method === 'ListArtifacts') return json(listArtifacts(state, body));
  const name = typeof body.name === 'string' ? body.name : '';
  if (!name) throw new TwirpError('invalid_argument', 'name: value is required');
  const bad = BAD_NAME_CHARS.find((c) => name.includes(c));
  if (bad) {
    throw new TwirpError('invalid_argument', `name: contains the invalid character ${JSON.stringify(bad)}`);
  }
  if (method === 'DeleteArtifact') return json(deleteArtifact(state, name));
  return json(
    method === 'CreateArtifact' ? createArtifact(state, name, body) : finalizeArtifact(state, name, body),
  );
}

function json(answer: object): Reply {
  return { status: 200, body: JSON.stringify(answer), headers: { 'content-type': 'application/json' } };
}

function createArtifact(state: ServiceState, name: string, body: Record<string, unknown>) {
  if (typeof body.version !== 'number' || !Number.isInteger(body.version) || body.version < 4) {
    throw new TwirpError(
      'invalid_argument',
      `version: must be an integer >= 4, got ${JSON.stringify(body.version)}`,
    );
  }
  let expiresAt: number | undefined;
  if (body.expires_at !== undefined) {
    expiresAt = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : NaN;
    if (Number.isNaN(expiresAt))
      throw new TwirpError('invalid_argument', 'expires_at: not an RFC 3339 timestamp');
    if (expiresAt <= Date.now())
      throw new TwirpError('invalid_argument', 'expires_at: must be in the future');
  }
  if (body.mime_type !== undefined && typeof body.mime_type !== 'string') {
    throw new TwirpError('invalid_argument', 'mime_type: must be a string');
  }
  if (state.artifacts.some((a) => a.name === name && a.finalized)) {
    throw new TwirpError(
      'already_exists',
      `an artifact with this name already exists on the workflow run: ${name}`,
    );
  }
  const blobName = createHash('sha256').update(`${name}:${randomUUID()}`).digest('hex');
  const blobPath = `/${ACCOUNT}/${CONTAINER}/${state.runId}/workflow-job-run-${state.jobId}/artifacts/${blobName}.zip`;
  const sig = randomBytes(32).toString('base64');
  state.artifacts.push({ name, createdAt: Date.now(), expiresAt, blobPath, sig, blocks: new Map() });
  const sas = new URLSearchParams({
    sv: '2023-11-03',
    se: new Date(Date.now() + 6 * 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    sr: 'b',
    sp: 'cw',
    sig,
  });
  return { ok: true, signed_upload_url: `${state.baseUrl}${blobPath}?${sas.toString()}` };
}

function finalizeArtifact(state: ServiceState, name: string, body: Record<string, unknown>) {
  const artifact = state.artifacts.findLast((a) => a.name === name && !a.finalized);
  if (!artifact) throw new TwirpError('not_found', `no artifact named ${name} is waiting to be finalized`);
  if (!artifact.committed) {
    throw new TwirpError(
      'failed_precondition',
      'the artifact blob was not uploaded (no committed block list)',
    );
  }
  // int64 travels as a decimal string in protobuf JSON.
  if (typeof body.size !== 'string' || !/^\d+$/.test(body.size)) {
    throw new TwirpError('invalid_argument', 'size: must be an int64 (decimal string)');
  }
  if (Number(body.size) !== artifact.committed.length) {
    throw new TwirpError(
      'invalid_argument',
      `size: ${body.size} does not match the ${artifact.committed.length} bytes uploaded`,
    );
  }
  if (body.hash !== undefined) {
    const expected = `sha256:${createHash('sha256').update(artifact.committed).digest('hex')}`;
    if (body.hash !== expected) {
      throw new TwirpError(
        'invalid_argument',
        `hash: ${JSON.stringify(body.hash)} does not match the upload`,
      );
    }
  }
  artifact.finalized = { id: state.nextId++ };
  return { ok: true, artifact_id: String(artifact.finalized.id) };
}

export function twirpError(error: TwirpError): Reply {
  return {
    status: TWIRP_STATUS[error.code] ?? 500,
    body: JSON.stringify({ code: error.code, msg: error.message }),
    headers: { 'content-type': 'application/json' },
  };
}

/** The Twirp code GitHub's service would send with an HTTP status (for injected faults). */
export function twirpCode(status: number): string {
  return (
    Object.entries(TWIRP_STATUS).find(([, s]) => s === status)?.[0] ??
    (status >= 500 ? 'internal' : 'invalid_argument')
  );
}
