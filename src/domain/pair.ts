/**
 * Which key and certificate pair a reader may use (shared/design.md, "The deploy job's side"): a pair is
 * usable when the key's public key is the certificate's and the certificate is valid now. Pure: the same
 * inputs give the same answer, with no I/O. Export hands out the first usable of current and previous;
 * rollback refuses unless the pair it installs is usable.
 */
import { describeCertificate, publicKeySha256, spkiDer, type CertificateInfo } from './certificates.js';
import { isoUtc } from './schedule.js';

export interface CredentialPair {
  /** Normalised PEM of the private key. */
  keyPem: string;
  /** Normalised PEM of the certificate (leaf first, chain after). */
  certificatePem: string;
}

export type PairCheck =
  | { kind: 'usable'; info: CertificateInfo }
  | { kind: 'mismatch'; keySha256: string; certificateSha256: string }
  | { kind: 'expired'; notAfter: Date }
  | { kind: 'not-yet-valid'; notBefore: Date };

export type PairProblem = Exclude<PairCheck, { kind: 'usable' }>;

export type Which = 'current' | 'previous';

export function checkPair(pair: CredentialPair, now: Date): PairCheck {
  const info = describeCertificate(pair.certificatePem);
  if (!spkiDer(pair.keyPem).equals(spkiDer(pair.certificatePem))) {
    return {
      kind: 'mismatch',
      keySha256: publicKeySha256(pair.keyPem),
      certificateSha256: info.publicKeySha256,
    };
  }
  if (now.getTime() > info.notAfter.getTime()) return { kind: 'expired', notAfter: info.notAfter };
  if (now.getTime() < info.notBefore.getTime()) return { kind: 'not-yet-valid', notBefore: info.notBefore };
  return { kind: 'usable', info };
}

/** "the current key (public key SHA-256 …) does not match the current certificate (…)", and the like. */
export function problemText(which: Which, problem: PairProblem): string {
  switch (problem.kind) {
    case 'mismatch':
      return (
        `the ${which} key (public key SHA-256 ${problem.keySha256}) does not match the ${which} certificate ` +
        `(public key SHA-256 ${problem.certificateSha256})`
      );
    case 'expired':
      return `the ${which} certificate expired on ${isoUtc(problem.notAfter)}`;
    case 'not-yet-valid':
      return `the ${which} certificate is not valid before ${isoUtc(problem.notBefore)}`;
  }
}

export type PairChoice =
  | { kind: 'current'; pair: CredentialPair; info: CertificateInfo }
  /** The previous pair, because the current one has `problem`. */
  | { kind: 'previous'; pair: CredentialPair; info: CertificateInfo; problem: PairProblem }
  | { kind: 'none'; message: string };

/** The first usable pair of current, previous; or why neither is. */
export function choosePair(
  current: CredentialPair,
  previous: CredentialPair | undefined,
  now: Date,
): PairChoice {
  const first = checkPair(current, now);
  if (first.kind === 'usable') return { kind: 'current', pair: current, info: first.info };
  if (previous === undefined) {
    return {
      kind: 'none',
      message: `No usable credential: ${problemText('current', first)}, and no previous pair was given.`,
    };
  }
  const second = checkPair(previous, now);
  if (second.kind === 'usable')
    return { kind: 'previous', pair: previous, info: second.info, problem: first };
  return {
    kind: 'none',
    message: `No usable credential: ${problemText('current', first)}; ${problemText('previous', second)}.`,
  };
}
