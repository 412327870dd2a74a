/**
 * The `subject` input: a custom certificate subject for CSR-based providers other than Mangopay
 * (shared/design.md, "Other providers"). Grammar, in the order the certificate gets it (the first pair
 * written is the first RDN, unlike RFC 4514 strings, which are written last RDN first):
 *
 *   subject   = attribute *( "," attribute )        spaces around "," and "=" are ignored
 *   attribute = type "=" value                      one attribute per RDN; a type may repeat
 *   type      = CN / O / OU / C / ST / L / serialNumber   (case-insensitive)
 *   value     = 1*( any character but , + = \ / " < > ; $ # and control or invisible formatting characters )
 *
 * C is two letters; serialNumber is a PrintableString; CN, O, OU and serialNumber have at most 64 characters,
 * ST and L at most 128 (RFC 5280's upper bounds, which OpenSSL enforces). Non-ASCII values are written as UTF-8.
 */
import { InputError } from '../domain/errors.js';
import { printable } from './inputs.js';
import { SUBJECT_TYPES, type SubjectAttribute, type SubjectType } from '../domain/subject.js';

/** Upper bounds in characters (RFC 5280 appendix A, ub-*); C is exactly 2. */
const MAX_LENGTH: Record<SubjectType, number> = {
  CN: 64,
  O: 64,
  OU: 64,
  C: 2,
  ST: 128,
  L: 128,
  serialNumber: 64,
};

/** What a value may not hold, each with the reason a person can act on. */
const FORBIDDEN: [RegExp, string][] = [
  [/,/, '"," separates attributes, so a value cannot contain it'],
  [/\+/, '"+" (multi-valued RDN) is not supported: write one attribute per RDN'],
  [/=/, 'a value cannot contain "=" (write TYPE=value pairs separated by ",")'],
  [/[\r\n]/, 'a value cannot contain a line break'],
  [/[\\/"<>;$#]/, 'a value cannot contain any of \\ / " < > ; $ #'],
  // Cc: C0 and C1 controls, DEL; Cf: invisible formatting (bidi overrides, zero-width); Zl, Zp: separators;
  // Cs: a lone surrogate, which has no UTF-8 form.
  [/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u, 'a value cannot contain control or invisible formatting characters'],
];

/** PrintableString (X.680) without the characters FORBIDDEN already refuses. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

export const MAX_SUBJECT_INPUT_LENGTH = 1024;

/**
 * The attributes of a `subject` input, in the order written; undefined when it is empty (Mangopay's subject
 * applies). Throws one InputError naming `subject` and what is wrong.
 */
export function parseSubject(text: string): SubjectAttribute[] | undefined {
  if (text.trim() === '') return undefined;
  const fail = (message: string): never => {
    throw new InputError('subject', message);
  };
  if (text.length > MAX_SUBJECT_INPUT_LENGTH) {
    fail(`is ${text.length} characters long; at most ${MAX_SUBJECT_INPUT_LENGTH} are accepted`);
  }
  if (/[\r\n]/.test(text)) fail('contains a line break; write the subject on one line');
  return text.split(',').map((part, index) => parseAttribute(part, index + 1, fail));
}

function parseAttribute(part: string, position: number, fail: (message: string) => never): SubjectAttribute {
  const where = `attribute ${position}`;
  const trimmed = trimSpaces(part);
  if (trimmed === '') fail(`${where} is empty; expected TYPE=value pairs separated by ","`);
  const equals = trimmed.indexOf('=');
  if (equals < 0) fail(`${where} "${printable(trimmed)}" is not TYPE=value`);
  const written = trimSpaces(trimmed.slice(0, equals));
  const value = trimSpaces(trimmed.slice(equals + 1));
  const type = SUBJECT_TYPES.find((candidate) => candidate.toLowerCase() === written.toLowerCase());
  if (type === undefined) {
    fail(
      `${where}: "${printable(written)}" is not an attribute type the action writes; use ${SUBJECT_TYPES.join(', ')}`,
    );
  }
  const named = `${where} (${type})`;
  if (value === '') fail(`${named} has an empty value`);
  for (const [pattern, reason] of FORBIDDEN) {
    if (pattern.test(value)) fail(`${named}: ${reason}`);
  }
  const length = [...value].length;
  if (type === 'C' && !/^[A-Za-z]{2}$/.test(value)) {
    fail(`${named} must be a two-letter country code such as LU; got "${printable(value)}"`);
  }
  if (type === 'serialNumber' && !PRINTABLE.test(value)) {
    fail(`${named} may hold only letters, digits, spaces and ' ( ) - . : ? (an ASN.1 PrintableString)`);
  }
  if (length > MAX_LENGTH[type]) {
    fail(`${named} is ${length} characters long; at most ${MAX_LENGTH[type]} are allowed`);
  }
  return [type, value];
}

/** Only spaces are ignored around "," and "=": a tab is a control character and refused with the value. */
function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}

/** The first CN written, which promote expects in the certificate; undefined when the subject has none. */
export function expectedCommonName(subject: readonly (readonly [string, string])[]): string | undefined {
  return subject.find(([type]) => type === 'CN')?.[1];
}

/** `CN=a, O=b` for messages. */
export function subjectText(subject: readonly (readonly [string, string])[]): string {
  return subject.map(([type, value]) => `${type}=${value}`).join(', ');
}
