// Azure Blob block upload on the signed URL CreateArtifact handed out: PUT ?comp=block&blockid=… per chunk,
// then PUT ?comp=blocklist with the XML block list (a single-shot Put Blob is accepted too). Errors are
// Azure's XML errors.
import type { IncomingMessage } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  ACCOUNT,
  CONTAINER,
  TWIRP_PREFIX,
  UNMATCHED,
  type ArtifactRoute,
  type Reply,
  type ServiceState,
} from './types.js';

/** The route of a request: a Twirp method, a blob operation, or '(unmatched)'. */
export function routeOf(url: URL): ArtifactRoute {
  if (url.pathname.startsWith(TWIRP_PREFIX)) return url.pathname.slice(TWIRP_PREFIX.length);
  if (!url.pathname.startsWith(`/${ACCOUNT}/${CONTAINER}/`)) return UNMATCHED;
  const comp = url.searchParams.get('comp');
  if (comp === 'block') return 'StageBlock';
  if (comp === 'blocklist') return 'CommitBlockList';
  return comp === null ? 'PutBlob' : UNMATCHED;
}

export function blob(
  state: ServiceState,
  route: ArtifactRoute,
  req: IncomingMessage,
  url: URL,
  raw: Buffer,
): Reply {
  const artifact = state.artifacts.find((a) => a.blobPath === url.pathname);
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
    const xml = raw.toString('utf8');
    const ids = [...xml.matchAll(/<(Latest|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2]);
    const blocks = ids.map((id) => artifact.blocks.get(id));
    if (!/<BlockList>/.test(xml) || blocks.some((block) => block === undefined)) {
      return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.');
    }
    artifact.committed = Buffer.concat(blocks.filter((block): block is Buffer => block !== undefined));
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

export function azureError(status: number, code: string, message: string): Reply {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
  return {
    status,
    body,
    headers: { ...azureHeaders(), 'content-type': 'application/xml', 'x-ms-error-code': code },
  };
}
