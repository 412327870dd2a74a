/**
 * promote's refusals, before anything is written: the certificate must belong to the pending key (and the
 * pending CSR), be inside its validity window, and pass the live handshake when verify-url is given.
 */
import {
  describeCertificate,
  publicKeySha256,
  spkiDer,
  spkiSha256,
  type CertificateInfo,
} from '../../domain/certificates.js';
import type { Deps } from '../../ports/deps.js';
import { RefusedError, RunInputRefusal } from '../../domain/errors.js';
import { isoUtc } from '../../domain/schedule.js';
import type { PromoteWithCertificate } from '../../settings/settings.js';
import type { StoredState } from '../stored-state.js';
import { expectedCommonName } from '../../settings/subject.js';

export interface VerifiedCertificate {
  info: CertificateInfo;
  /** The pending key's DER SubjectPublicKeyInfo, parsed once (the install plan compares against it). */
  keySpki: Buffer;
  warnings: string[];
}

export async function verifyCertificate(
  settings: PromoteWithCertificate,
  deps: Deps,
  stored: StoredState,
  pendingKeyPem: string,
): Promise<VerifiedCertificate> {
  const { names } = settings;
  const certificatePem = settings.certificate.pem;
  const info = describeCertificate(certificatePem);
  const keySpki = spkiDer(pendingKeyPem);
  const pendingHash = spkiSha256(keySpki);
  // The run's own key first: when it is not the pending request's, no certificate can be judged by it.
  if (stored.csrPem !== undefined) {
    const csrHash = publicKeySha256(await deps.openssl.csrPublicKey(stored.csrPem));
    if (csrHash !== pendingHash) {
      throw new RunInputRefusal(
        `The pending key (pending-private-key) does not belong to the pending CSR in variable ${names.csrVariable} ` +
          `(public key SHA-256 ${pendingHash} vs ${csrHash}): another request replaced one of them. ` +
          'Pass the matching secret, or run request with force: true to start over. Nothing was written.',
      );
    }
  }
  if (!spkiDer(certificatePem).equals(keySpki)) {
    throw new RefusedError(
      `The certificate (${settings.certificate.input}) was not issued for the pending key: its public key SHA-256 is ` +
        `${info.publicKeySha256}, the pending key's is ${pendingHash}. Upload the CSR of the pending request ` +
        `(variable ${names.csrVariable}) to get the right certificate. Nothing was written.`,
    );
  }
  const now = deps.now();
  if (now < info.notBefore) {
    throw new RefusedError(
      `The certificate is not valid yet: its validity starts ${isoUtc(info.notBefore)}. Nothing was written.`,
    );
  }
  if (now > info.notAfter) {
    throw new RefusedError(`The certificate expired on ${isoUtc(info.notAfter)}. Nothing was written.`);
  }
  // The CSR is public: a certificate for its key from another CA would pass every check above and break the
  // live credential at the next deploy, where the server trusts only its own CA.
  const installedIssuer = stored.certificate?.info.issuer;
  if (installedIssuer !== undefined && installedIssuer !== info.issuer && !settings.allowNewIssuer) {
    throw new RefusedError(
      `The certificate was issued by "${info.issuer}", but the installed certificate was issued by ` +
        `"${installedIssuer}". Set allow-new-issuer: true if the provider changed its CA. Nothing was written.`,
    );
  }
  const warnings: string[] = [];
  // The subject's first CN (Mangopay's by default); a custom subject without CN expects none: no CN check.
  const expectedCn = expectedCommonName(settings.subject);
  if (expectedCn !== undefined && info.commonName !== expectedCn) {
    warnings.push(`The certificate's CN is ${info.commonName ?? '(none)'}, expected ${expectedCn}.`);
  }
  if (!info.clientAuth) {
    warnings.push(
      'The certificate has no extendedKeyUsage clientAuth; TLS servers may refuse it as a client certificate.',
    );
  }
  for (const warning of warnings) deps.log.warning(warning);
  deps.log.info(
    `Certificate ${info.subject}, issued by ${info.issuer}, serial ${info.serialNumber}, matches the pending key.`,
  );
  return { info, keySpki, warnings };
}

/** One HTTPS GET presenting the new key and certificate; a refused handshake refuses the promotion. */
export async function verifyHandshake(
  url: URL,
  deps: Deps,
  pendingKeyPem: string,
  certificatePem: string,
): Promise<{ handshake: { url: string; status: number }; warning: string | undefined }> {
  const outcome = await deps.verifyTls(url, pendingKeyPem, certificatePem);
  const message = `The TLS handshake with ${url.host} succeeded with the new certificate; the server answered HTTP ${outcome.status}.`;
  const handshake = { url: url.toString(), status: outcome.status };
  if (outcome.status >= 400) {
    const warning = `${message} The certificate was accepted, but the request was refused at HTTP level (an IP allowlist answers 403).`;
    deps.log.warning(warning);
    return { handshake, warning };
  }
  deps.log.info(message);
  return { handshake, warning: undefined };
}
