/** Mangopay's certificate subject: CN=<client-id>.<env suffix>, O=Mangopay, C=LU (see shared/mangopay-mtls.md). */

import type { MangopayEnvironment } from './types.js';

export type SubjectType = 'CN' | 'O' | 'OU' | 'C' | 'ST' | 'L' | 'serialNumber';
/** One RDN of the subject: its type, spelled as OpenSSL's short name, and its value. */
export type SubjectAttribute = [SubjectType, string];

export const SUBJECT_TYPES: readonly SubjectType[] = ['CN', 'O', 'OU', 'C', 'ST', 'L', 'serialNumber'];

const CN_SUFFIX: Record<MangopayEnvironment, string> = {
  sandbox: '.sandbox.mangopay.com',
  production: '.prod.mangopay.com',
};

/** RFC 5280 upper bound for a CommonName. */
export const MAX_COMMON_NAME_LENGTH = 64;

/** Letters, digits, '-' and '_', starting with a letter or digit: nothing that could reach the DN syntax. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function commonName(clientId: string, environment: MangopayEnvironment): string {
  return `${clientId}${CN_SUFFIX[environment]}`;
}

export function maxClientIdLength(environment: MangopayEnvironment): number {
  return MAX_COMMON_NAME_LENGTH - CN_SUFFIX[environment].length;
}

/** The subject's attributes in the order Mangopay asks for. */
export function subjectAttributes(clientId: string, environment: MangopayEnvironment): SubjectAttribute[] {
  return [
    ['CN', commonName(clientId, environment)],
    ['O', 'Mangopay'],
    ['C', 'LU'],
  ];
}

/** Why a client id cannot be used, or undefined when it can. */
export function clientIdProblem(clientId: string, environment: MangopayEnvironment): string | undefined {
  if (clientId === '') return 'is required (your Mangopay ClientId)';
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    return 'expected letters, digits, "-" and "_" only, starting with a letter or digit (it becomes part of the certificate CN)';
  }
  const max = maxClientIdLength(environment);
  if (clientId.length > max) {
    return `is ${clientId.length} characters; at most ${max} fit in a ${MAX_COMMON_NAME_LENGTH}-character CN for ${environment}`;
  }
  return undefined;
}
