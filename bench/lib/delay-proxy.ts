// A loopback HTTP proxy that answers like its upstream, `delayMs` later: what a network round trip adds to
// every answer on a hosted runner. It sits in front of an unmodified fake, so the fake stays the judge of
// what was asked, and logs when each request arrived and when its answer was sent, which is what the
// round-trip count (round-trips.ts) is computed from.
//
// Like a real service behind its public origin, the proxy rewrites the upstream's own origin in answers
// (bodies and headers) to its own: the artifact fake's signed upload URLs and the GitHub fake's Link
// headers then lead back through the proxy, so blob uploads and followed pages pay the delay too.
//
// Connections behave as they would against the real thing: the client's keep-alive connections are kept
// (Node's server default), so the delay is per answer, never per connection; the log notes which requests
// opened a new connection (a real HTTPS connection would cost a handshake on top, which is not simulated).
import { Agent, createServer, request, type IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedCall {
  method: string;
  /** Path without the query string, as sent (the fakes log the same). */
  path: string;
  /** performance.now() when the request's headers arrived. */
  start: number;
  /** performance.now() when the delayed answer was handed to the socket. */
  end: number;
  status: number;
  /** The first request on its connection. */
  newConnection: boolean;
}

export interface DelayProxy {
  /** Origin of the proxy, `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  calls: ProxiedCall[];
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 in front of `upstream` (an origin such as `http://127.0.0.1:1234`). */
export async function startDelayProxy(upstream: string, delayMs: number): Promise<DelayProxy> {
  const target = new URL(upstream);
  if (target.hostname !== '127.0.0.1')
    throw new Error(`the delay proxy only forwards to 127.0.0.1: ${upstream}`);
  const upstreamOrigin = target.origin;
  const agent = new Agent({ keepAlive: true });
  const calls: ProxiedCall[] = [];
  const seen = new WeakSet<Socket>();
  let origin = '';

  const rewrite = (text: string) => text.split(upstreamOrigin).join(origin);

  const server = createServer((req, res) => {
    const start = performance.now();
    const newConnection = !seen.has(req.socket);
    seen.add(req.socket);
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const fail = (error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`delay proxy: ${String(error)}`);
    };
    readAll(req)
      .then((body) => forward(req, body))
      .then(async (answer) => {
        await sleep(delayMs);
        const body = isText(answer.headers)
          ? Buffer.from(rewrite(answer.body.toString('utf8')))
          : answer.body;
        const headers = rewriteHeaders(answer.headers, rewrite);
        const bodiless = req.method === 'HEAD' || answer.status === 204 || answer.status === 304;
        if (!bodiless) headers['content-length'] = String(body.length);
        res.on('finish', () => {
          calls.push({
            method: (req.method ?? 'GET').toUpperCase(),
            path,
            start,
            end: performance.now(),
            status: answer.status,
            newConnection,
          });
        });
        res.writeHead(answer.status, headers).end(body);
      })
      .catch(fail);
  });

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      // The hop to the fake is the proxy's own business: its connection handling must not leak through.
      const headers: Record<string, string | string[]> = {
        ...withoutHopByHop(req.headers),
        host: target.host,
      };
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (answer) => {
          readAll(answer)
            .then((data) =>
              resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
            )
            .catch(reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];

function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name)) out[name] = value;
  }
  return out;
}

function rewriteHeaders(
  headers: IncomingHttpHeaders,
  rewrite: (s: string) => string,
): Record<string, string | string[]> {
  const out = withoutHopByHop(headers);
  for (const [name, value] of Object.entries(out)) {
    out[name] = Array.isArray(value) ? value.map(rewrite) : rewrite(value);
  }
  return out;
}

function isText(headers: IncomingHttpHeaders): boolean {
  return /json|xml|text/.test(headers['content-type'] ?? '');
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
