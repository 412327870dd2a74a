/** What the store holds before a run changes anything: read once, in one listing of the variables. */
import { describeCertificate, type CertificateInfo } from '../domain/certificates.js';
import type { Deps } from '../ports/deps.js';
import { decodePemValue, pemBlocks } from '../domain/pem.js';
import type { CurrentCertificate } from './result.js';
import { daysRemaining, dueFrom, isoUtc } from '../domain/schedule.js';
import type { StoredNames } from '../domain/types.js';

export interface StoredCertificate {
  pem: string;
  info: CertificateInfo;
}

export interface StoredState {
  /** The installed certificate, when the certificate variable holds one. */
  certificate: StoredCertificate | undefined;
  /** `<certificate-variable>_PREVIOUS`: what rollback goes back to (only rollback and export read it). */
  previousCertificate: { kind: 'absent' } | { kind: 'unreadable' } | ({ kind: 'found' } & StoredCertificate);
  /** The pending CSR (PEM), when the CSR variable holds one: a request is pending. */
  csrPem: string | undefined;
  /**
   * When the pending request was made: the CSR variable's `updated_at` as GitHub reports it. Undefined
   * without a pending request, or where the store cannot tell (the CLI's folder, which has no issue).
   */
  requestedAt: Date | undefined;
  /** Names of the variables that exist now (so writes pick create or update without asking). */
  existingVariables: Set<string>;
  warnings: string[];
}

/** The state of a run that finds a request pending. */
export type PendingState = StoredState & { csrPem: string };

export async function readStoredState(
  names: StoredNames,
  deps: Pick<Deps, 'store' | 'log'>,
): Promise<StoredState> {
  const { certificateVariable, previousCertificateVariable, csrVariable } = names;
  const variables = await deps.store.readVariables([
    certificateVariable,
    previousCertificateVariable,
    csrVariable,
  ]);
  const warnings: string[] = [];

  let certificate: StoredState['certificate'];
  const certificateValue = variables.get(certificateVariable)?.value ?? '';
  if (certificateValue.trim() === '') {
    deps.log.info(`No current certificate in variable ${certificateVariable}.`);
  } else {
    certificate = parseCertificate(certificateValue);
    if (certificate === undefined) {
      warnings.push(
        `Variable ${certificateVariable} does not hold a certificate (PEM or base64 of PEM); it is treated as absent.`,
      );
    } else {
      deps.log.info(
        `Current certificate: ${certificate.info.subject}, valid until ${isoUtc(certificate.info.notAfter)}.`,
      );
    }
  }

  let csrPem: string | undefined;
  const csrValue = variables.get(csrVariable);
  if (csrValue !== undefined) {
    const pem = decodePemValue(csrValue.value);
    csrPem =
      pem === undefined ? undefined : pemBlocks(pem).find((b) => b.label === 'CERTIFICATE REQUEST')?.text;
    if (csrPem === undefined) {
      warnings.push(
        `Variable ${csrVariable} does not hold a certificate request; it is treated as no pending request.`,
      );
    } else {
      deps.log.info(`A request is pending: variable ${csrVariable} holds a CSR.`);
    }
  }
  for (const warning of warnings) deps.log.warning(warning);
  const requestedAt = csrPem === undefined ? undefined : csrValue?.updatedAt;
  return {
    certificate,
    previousCertificate: previousCertificate(variables.get(previousCertificateVariable)?.value),
    csrPem,
    requestedAt,
    existingVariables: new Set(variables.keys()),
    warnings,
  };
}

function previousCertificate(value: string | undefined): StoredState['previousCertificate'] {
  if (value === undefined || value.trim() === '') return { kind: 'absent' };
  const parsed = parseCertificate(value);
  return parsed === undefined ? { kind: 'unreadable' } : { kind: 'found', ...parsed };
}

function parseCertificate(value: string): StoredCertificate | undefined {
  const pem = decodePemValue(value);
  if (pem === undefined) return undefined;
  try {
    return { pem, info: describeCertificate(pem) };
  } catch {
    return undefined;
  }
}

/** The facts about a certificate that outputs and summaries show. */
export function currentCertificate(
  info: CertificateInfo,
  renewBeforeDays: number,
  now: Date,
): CurrentCertificate {
  return {
    info,
    daysRemaining: daysRemaining(info.notAfter, now),
    dueFrom: dueFrom(info.notAfter, renewBeforeDays),
  };
}
