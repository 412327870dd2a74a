/**
 * verify-url: one HTTPS GET presenting the new key and certificate. Any HTTP response means the server's
 * TLS layer accepted the client certificate; a TLS alert, reset or timeout means it did not. With TLS 1.3
 * the server's verdict on the client certificate arrives after the handshake, so we wait for the response.
 */
import https from 'node:https';
import tls from 'node:tls';
import { RefusedError } from '../../domain/errors.js';
import type { TlsCheckResult } from '../../ports/deps.js';

export async function verifyMtlsHandshake(
  url: URL,
  privateKeyPem: string,
  certificatePem: string,
  timeoutMs = 15_000,
): Promise<TlsCheckResult> {
  return new Promise((resolve, reject) => {
    const refuse = (reason: string) =>
      reject(
        new RefusedError(
          `The mTLS handshake with ${url.host} failed: ${reason}. The new certificate was NOT installed and nothing was written. ` +
            '(A refusal by an IP allowlist would arrive as an HTTP answer such as 403, not as a TLS failure.)',
        ),
      );
    const request = https.request(url, {
      method: 'GET',
      key: privateKeyPem,
      cert: certificatePem,
      ca: trustedCertificates(),
      agent: false,
      timeout: timeoutMs,
      headers: { 'user-agent': 'mangopay-mtls-rotate/1 (verify-url)' },
    });
    request.on('timeout', () =>
      request.destroy(
        Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }),
      ),
    );
    request.on('error', (error: NodeJS.ErrnoException) => refuse(explainTlsError(error)));
    request.on('response', (response) => {
      response.resume(); // read the body so a late TLS alert would still surface as an error
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', (error: NodeJS.ErrnoException) => refuse(explainTlsError(error)));
    });
    request.end();
  });
}

/** System CAs (Node 24) plus Node's bundled ones and NODE_EXTRA_CA_CERTS. */
function trustedCertificates(): string[] | undefined {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (get === undefined) return undefined; // older Node: its default store (bundled + NODE_EXTRA_CA_CERTS)
  const certificates = new Set(get('default'));
  try {
    for (const certificate of get('system')) certificates.add(certificate);
  } catch {
    // no system store on this platform
  }
  return [...certificates];
}

function explainTlsError(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (
    /CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE|ACCESS_DENIED/i.test(
      code + error.message,
    )
  ) {
    return `the server rejected the client certificate (${code || error.message})`;
  }
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME|UNABLE_TO_GET_ISSUER/i.test(code)) {
    return `the server's own certificate is not trusted (${code}); add its CA with NODE_EXTRA_CA_CERTS`;
  }
  if (code === 'ECONNRESET')
    return 'the server closed the connection (ECONNRESET), as servers do when they refuse a client certificate';
  if (code === 'ETIMEDOUT') return `no answer in time (${error.message})`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `could not connect (${code})`;
  return `${code ? `${code}: ` : ''}${error.message}`;
}
