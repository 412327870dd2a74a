// A local HTTPS server that demands a client certificate chaining to a given CA, standing in for Mangopay's
// mTLS host in verify-url tests. It listens on 127.0.0.1 only.
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface MtlsServerOptions {
  /** PEM of the CA that client certificates must chain to. */
  ca: string;
  serverKey: string;
  serverCert: string;
  /** The answer once a client certificate was accepted (default 200 text/plain MTLS_OK_BODY). */
  answer?: (method: string, path: string) => { status: number; contentType: string; body: string };
}

export interface AcceptedClient {
  /** As Node's X509Certificate#subject prints it (`CN=…\nO=…\nC=…`). */
  subject: string;
  /** As Node prints it: colon-separated upper-case hex. */
  fingerprint256: string;
  /** `POST /v2.01/oauth/token` */
  request: string;
}

export interface MtlsServer {
  /** https://127.0.0.1:PORT/ */
  url: string;
  accepted: AcceptedClient[];
  /** TLS handshakes that failed (no certificate, unknown CA, expired, …). */
  refused: number;
  close(): Promise<void>;
}

export const MTLS_OK_BODY = 'mtls ok\n';

export async function startMtlsServer(opts: MtlsServerOptions): Promise<MtlsServer> {
  const accepted: AcceptedClient[] = [];
  const server = createServer(
    { key: opts.serverKey, cert: opts.serverCert, ca: opts.ca, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      // rejectUnauthorized already refused anything that does not chain to `ca`; this is the proof it did.
      const raw = (req.socket as TLSSocket).getPeerCertificate().raw;
      const cert = new X509Certificate(raw);
      const request = `${req.method ?? ''} ${req.url ?? ''}`;
      accepted.push({ subject: cert.subject, fingerprint256: cert.fingerprint256, request });
      const answer = opts.answer?.(req.method ?? '', req.url ?? '') ?? {
        status: 200,
        contentType: 'text/plain',
        body: MTLS_OK_BODY,
      };
      res.writeHead(answer.status, { 'content-type': answer.contentType, connection: 'close' });
      res.end(answer.body);
    },
  );
  const result: MtlsServer = {
    url: '',
    accepted,
    refused: 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  server.on('tlsClientError', () => {
    result.refused++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  result.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return result;
}
