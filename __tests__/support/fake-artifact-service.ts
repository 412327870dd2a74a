// A loopback fake of the Actions results service as @actions/artifact v6 (artifacts "v4") talks to it:
//
//   1. Twirp JSON  POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact
//      → { ok, signed_upload_url }, a SAS-style blob URL (path-style, like Azurite, so the Azure SDK accepts
//      a 127.0.0.1 host: /<account>/<container>/<blob>?sv=…&se=…&sp=…&sig=…).
//   2. Azure Blob block upload on that URL: PUT ?comp=block&blockid=… per chunk, then PUT ?comp=blocklist
//      with the XML block list (a single-shot Put Blob is accepted too).
//   3. Twirp JSON  POST …/FinalizeArtifact with the uploaded size and sha256 → { ok, artifact_id }.
//
// Requests are validated the way the service does (bearer runtime token, backend ids from its scp claim,
// name, version, expiry, size, hash) and refused with Twirp's JSON errors or Azure's XML errors.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-results';
/** Characters the service refuses in artifact names (the client checks the same list first). */
const BAD_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Twirp method names, or the blob operations: 'StageBlock', 'CommitBlockList', 'PutBlob'. */
export type ArtifactRoute = string;

type FaultMatch = { method?: string; route?: ArtifactRoute; times?: number /* default 1 */ };
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
  close(): Promise<void>;
}

interface Pending {
  name: string;
  createdAt: number;
  expiresAt?: number;
  blobPath: string;
  sig: string;
  blocks: Map<string, Buffer>; // staged, uncommitted
  committed?: Buffer;
  finalized?: { id: number };
}

interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

class TwirpError extends Error {
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

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const runId = randomUUID();
  const jobId = randomUUID();
  const runtimeToken = unsignedJwt({
    scp: `Actions.ExampleScope Actions.Results:${runId}:${jobId}`,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  const artifacts: Pending[] = []; // every CreateArtifact, in order
  const faults: { fault: ArtifactFault; left: number }[] = [];
  const calls: ArtifactCall[] = [];
  let nextId = 4_200_000_001; // real artifact ids are large; the client parses them as int64 strings
  let baseUrl = '';

  const twirp = (method: string, req: IncomingMessage, raw: Buffer): Reply => {
    if (method !== 'CreateArtifact' && method !== 'FinalizeArtifact') {
      throw new TwirpError('bad_route', `no handler for path "${TWIRP_PREFIX}${method}"`);
    }
    if (req.method !== 'POST') {
      throw new TwirpError('bad_route', `unsupported method ${req.method} (only POST is allowed)`);
    }
    if (req.headers.authorization !== `Bearer ${runtimeToken}`) {
      throw new TwirpError('unauthenticated', 'missing or invalid bearer runtime token');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new TwirpError(
        'bad_route',
        `unexpected Content-Type: ${req.headers['content-type'] ?? '(none)'}`,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new TwirpError('malformed', 'the json request could not be decoded');
    }
    if (body.workflow_run_backend_id !== runId || body.workflow_job_run_backend_id !== jobId) {
      throw new TwirpError(
        'invalid_argument',
        'workflow_run_backend_id / workflow_job_run_backend_id do not match the runtime token',
      );
    }
    const name = typeof body.name === 'string' ? body.name : '';
    if (!name) throw new TwirpError('invalid_argument', 'name: value is required');
    const bad = BAD_NAME_CHARS.find((c) => name.includes(c));
    if (bad) {
      throw new TwirpError('invalid_argument', `name: contains the invalid character ${JSON.stringify(bad)}`);
    }

    return json(method === 'CreateArtifact' ? createArtifact(name, body) : finalizeArtifact(name, body));
  };

  const createArtifact = (name: string, body: Record<string, unknown>) => {
    if (typeof body.version !== 'number' || !Number.isInteger(body.version) || body.version < 4) {
      throw new TwirpError(
        'invalid_argument',
        `version: must be an integer >= 4, got ${JSON.stringify(body.version)}`,
      );
    }
    let expiresAt: number | undefined;
    if (body.expires_at !== undefined) {
      expiresAt = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : NaN;
      if (Number.isNaN(expiresAt)) {
        throw new TwirpError('invalid_argument', 'expires_at: not an RFC 3339 timestamp');
      }
      if (expiresAt <= Date.now()) {
        throw new TwirpError('invalid_argument', 'expires_at: must be in the future');
      }
    }
    if (body.mime_type !== undefined && typeof body.mime_type !== 'string') {
      throw new TwirpError('invalid_argument', 'mime_type: must be a string');
    }
    if (artifacts.some((a) => a.name === name && a.finalized)) {
      throw new TwirpError(
        'already_exists',
        `an artifact with this name already exists on the workflow run: ${name}`,
      );
    }
    const blobName = createHash('sha256').update(`${name}:${randomUUID()}`).digest('hex');
    const blobPath = `/${ACCOUNT}/${CONTAINER}/${runId}/workflow-job-run-${jobId}/artifacts/${blobName}.zip`;
    const sig = randomBytes(32).toString('base64');
    artifacts.push({ name, createdAt: Date.now(), expiresAt, blobPath, sig, blocks: new Map() });
    const sas = new URLSearchParams({
      sv: '2023-11-03',
      se: new Date(Date.now() + 6 * 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      sr: 'b',
      sp: 'cw',
      sig,
    });
    return { ok: true, signed_upload_url: `${baseUrl}${blobPath}?${sas.toString()}` };
  };

  const finalizeArtifact = (name: string, body: Record<string, unknown>) => {
    const artifact = artifacts.findLast((a) => a.name === name && !a.finalized);
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
    artifact.finalized = { id: nextId++ };
    return { ok: true, artifact_id: String(artifact.finalized.id) };
  };

  const blob = (route: ArtifactRoute, req: IncomingMessage, url: URL, raw: Buffer): Reply => {
    const artifact = artifacts.find((a) => a.blobPath === url.pathname);
    const se = Date.parse(url.searchParams.get('se') ?? '');
    if (!artifact || url.searchParams.get('sig') !== artifact.sig || !(se > Date.now())) {
      return azureError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
      );
    }
    if (req.method !== 'PUT' || artifact.finalized) {
      return azureError(
        403,
        'AuthorizationPermissionMismatch',
        'This request is not authorized to perform this operation using this permission.',
      );
    }
    if (route === 'StageBlock') {
      const id = url.searchParams.get('blockid') ?? '';
      const decoded = Buffer.from(id, 'base64');
      // Azure: canonical base64 of at most 64 bytes, and every block id of a blob the same length.
      const wellFormed = decoded.length > 0 && decoded.length <= 64 && decoded.toString('base64') === id;
      const sameLength = [...artifact.blocks.keys()].every((k) => k.length === id.length);
      if (!wellFormed || !sameLength) {
        return azureError(
          400,
          'InvalidQueryParameterValue',
          `Value for one of the query parameters specified in the request URI is invalid. blockid=${id}`,
        );
      }
      artifact.blocks.set(id, raw);
      return azureOk(201, { 'content-md5': createHash('md5').update(raw).digest('base64') });
    }
    if (route === 'CommitBlockList') {
      const ids = [...raw.toString('utf8').matchAll(/<(Latest|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2]);
      if (!/<BlockList>/.test(raw.toString('utf8')) || ids.some((id) => !artifact.blocks.has(id))) {
        return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.');
      }
      artifact.committed = Buffer.concat(ids.map((id) => artifact.blocks.get(id)!));
      artifact.blocks.clear();
      return azureOk(201, blobWritten());
    }
    // PutBlob: the whole content in one request.
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
      return azureError(
        400,
        'MissingRequiredHeader',
        "An HTTP header that's mandatory for this request is not specified. x-ms-blob-type",
      );
    }
    artifact.committed = raw;
    return azureOk(201, { ...blobWritten(), 'content-md5': createHash('md5').update(raw).digest('base64') });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const route = routeOf(url);
    const record = (status: number): void => {
      calls.push({ method, path: url.pathname, route, status });
    };
    const isTwirp = url.pathname.startsWith(TWIRP_PREFIX);
    // Azure echoes the protocol version and the client's request id.
    const echo: Record<string, string> = isTwirp
      ? {}
      : {
          'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-11-05'),
          ...(req.headers['x-ms-client-request-id']
            ? { 'x-ms-client-request-id': String(req.headers['x-ms-client-request-id']) }
            : {}),
        };
    const send = (reply: Reply): void => {
      record(reply.status);
      const headers = {
        'content-length': String(Buffer.byteLength(reply.body ?? '')),
        ...echo,
        ...reply.headers,
      };
      res.writeHead(reply.status, headers).end(reply.body);
    };

    const fault = takeFault(faults, method, route);
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const reply = isTwirp
        ? twirpError(new TwirpError(twirpCode(fault.status), `injected ${fault.status}`))
        : azureError(fault.status, 'InternalError', `injected ${fault.status}`);
      if (fault.body !== undefined) {
        reply.body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
      }
      send({ ...reply, status: fault.status, headers: { ...reply.headers, ...fault.headers } });
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs);

    if (isTwirp) {
      try {
        send(twirp(route, req, raw));
      } catch (error) {
        if (!(error instanceof TwirpError)) throw error;
        send(twirpError(error));
      }
      return;
    }
    if (route === '(unmatched)') {
      send(azureError(404, 'ResourceNotFound', 'The specified resource does not exist.'));
      return;
    }
    send(blob(route, req, url, raw));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must surface in the test, not hang the client.
      if (!res.headersSent) {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`fake-artifact-service bug: ${String(error)}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${baseUrl}/`,
    runtimeToken,
    env: { ACTIONS_RESULTS_URL: `${baseUrl}/`, ACTIONS_RUNTIME_TOKEN: runtimeToken },
    artifacts: () =>
      artifacts.flatMap((a) => {
        if (!a.finalized || !a.committed) return [];
        const files: Record<string, Buffer> = {};
        for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(a.committed)))) {
          if (!path.endsWith('/')) files[path] = Buffer.from(bytes);
        }
        const retentionDays =
          a.expiresAt === undefined ? undefined : Math.round((a.expiresAt - a.createdAt) / DAY_MS);
        return [
          {
            id: a.finalized.id,
            name: a.name,
            files,
            ...(retentionDays === undefined ? {} : { retentionDays }),
            size: a.committed.length,
          },
        ];
      }),
    calls,
    injectFault: (fault) => {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function routeOf(url: URL): ArtifactRoute {
  if (url.pathname.startsWith(TWIRP_PREFIX)) return url.pathname.slice(TWIRP_PREFIX.length);
  if (!url.pathname.startsWith(`/${ACCOUNT}/${CONTAINER}/`)) return '(unmatched)';
  const comp = url.searchParams.get('comp');
  if (comp === 'block') return 'StageBlock';
  if (comp === 'blocklist') return 'CommitBlockList';
  return comp === null ? 'PutBlob' : '(unmatched)';
}

function takeFault(
  faults: { fault: ArtifactFault; left: number }[],
  method: string,
  route: string,
): ArtifactFault | undefined {
  const index = faults.findIndex(
    ({ fault }) =>
      (!fault.method || fault.method.toUpperCase() === method) && (!fault.route || fault.route === route),
  );
  if (index < 0) return undefined;
  const entry = faults[index];
  if (--entry.left <= 0) faults.splice(index, 1);
  return entry.fault;
}

function json(body: unknown): Reply {
  return { status: 200, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

function twirpError(error: TwirpError): Reply {
  return {
    status: TWIRP_STATUS[error.code] ?? 500,
    body: JSON.stringify({ code: error.code, msg: error.message }),
    headers: { 'content-type': 'application/json' },
  };
}

function twirpCode(status: number): string {
  return (
    Object.entries(TWIRP_STATUS).find(([, s]) => s === status)?.[0] ??
    (status >= 500 ? 'internal' : 'invalid_argument')
  );
}

/** Headers every Azure Storage answer carries (the SDK reads them; none is strictly required). */
function azureHeaders(): Record<string, string> {
  return { 'x-ms-request-id': randomUUID(), date: new Date().toUTCString() };
}

function azureOk(status: number, extra: Record<string, string>): Reply {
  return { status, headers: { ...azureHeaders(), 'x-ms-request-server-encrypted': 'true', ...extra } };
}

function blobWritten(): Record<string, string> {
  return {
    etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
  };
}

function azureError(status: number, code: string, message: string): Reply {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
  return {
    status,
    body,
    headers: { ...azureHeaders(), 'content-type': 'application/xml', 'x-ms-error-code': code },
  };
}

/** A JWT with `alg: none` (the client only decodes the payload; the service would verify it). */
function unsignedJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
