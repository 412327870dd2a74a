// The artifact fake's HTTP side: one request's way from the socket to a reply. In order: a hold (the test's
// explicit interleaving), a queued fault, then Twirp or the blob protocol.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from '../fake-faults.js';
import type { Holds } from '../fake-holds.js';
import { readBody, sleep } from '../fake-http.js';
import { azureError, blob, routeOf } from './blob.js';
import { twirp, TwirpError, twirpCode, twirpError } from './twirp.js';
import {
  TWIRP_PREFIX,
  UNMATCHED,
  type ArtifactCall,
  type ArtifactFault,
  type Reply,
  type ServiceState,
} from './types.js';

export interface ServerDeps {
  state: ServiceState;
  faults: FaultQueue<ArtifactFault>;
  holds: Holds;
  calls: ArtifactCall[];
}

/** `handled` settles once this call is over (for a hold's `answered`). */
export async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  handled: Promise<void>,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://fake');
  const raw = await readBody(req);
  const route = routeOf(url);
  const isTwirp = url.pathname.startsWith(TWIRP_PREFIX);
  // Azure echoes the protocol version and the client's request id.
  const clientRequestId = req.headers['x-ms-client-request-id'];
  const echo: Record<string, string> = isTwirp
    ? {}
    : {
        'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-11-05'),
        ...(clientRequestId ? { 'x-ms-client-request-id': String(clientRequestId) } : {}),
      };
  const send = (reply: Reply): void => {
    deps.calls.push({ method, path: url.pathname, route, status: reply.status });
    const headers = {
      'content-length': String(Buffer.byteLength(reply.body ?? '')),
      ...echo,
      ...reply.headers,
    };
    res.writeHead(reply.status, headers).end(reply.body);
  };

  await deps.holds.wait({ method, path: url.pathname, route }, handled);

  const fault = deps.faults.take(method, route);
  if (fault?.kind === 'drop') {
    deps.calls.push({ method, path: url.pathname, route, status: 0 });
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
      send(twirp(deps.state, route, req, raw));
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error;
      send(twirpError(error));
    }
    return;
  }
  if (route === UNMATCHED) {
    send(azureError(404, 'ResourceNotFound', 'The specified resource does not exist.'));
    return;
  }
  send(blob(deps.state, route, req, url, raw));
}
