/**
 * Hidden markers (HTML comments) the tool writes into issue bodies and its own comments. The issue body's
 * marker names the credential the issue is for, so an open issue with the label but another credential's
 * marker is never touched. Bodies can be edited by people: parsing is strict, a marker only counts as a
 * whole line of exactly the written shape, every value is percent-encoded (so no value can end the HTML
 * comment or add a field) and validated after decoding.
 */
import { GITHUB_LOGIN } from '../domain/github-names.js';
import { CLIENT_ID_PATTERN } from '../domain/subject.js';

export type CredentialScope = 'repository' | 'environment' | 'organization';
export type MangopayEnvironmentName = 'sandbox' | 'production';

/** What identifies one rotated credential. */
export type CredentialId = {
  /** 'owner/name' for repository and environment scope, the organization login for organization scope. */
  target: string;
  clientId: string;
  mangopayEnvironment: MangopayEnvironmentName;
} & (
  | { scope: Exclude<CredentialScope, 'environment'> }
  /** Only environment scope names a GitHub environment. */
  | { scope: 'environment'; githubEnvironment: string }
);

/** The request an issue body describes, to tell a pending re-run (same request) from a new one. */
export interface RequestStamp {
  /** Hex SHA-256 of the CSR's public key (DER SubjectPublicKeyInfo). */
  publicKeySha256: string;
  /** The configured assignees (not only those GitHub accepted), so refused ones cause no rewrite. */
  assignees: string[];
}

/** A reply answers one comment (its kind says how); a reminder or a rollback note answers none. */
export type ReplyKind = 'installed' | 'refused' | 'permission' | 'private-key';
export type ToolCommentKind = 'reminder' | 'rolled-back' | ReplyKind;
const REPLY_KINDS: readonly ReplyKind[] = ['installed', 'refused', 'permission', 'private-key'];

/**
 * The hidden first line of every comment the tool writes. A reply names the comment it answers, so a later
 * run knows that comment was answered (a promote by dispatch answers no comment); all reminders share one.
 */
export type ToolMarker =
  { kind: 'reminder' } | { kind: 'rolled-back' } | { kind: ReplyKind; answers: number | undefined };

const TOOL = 'mangopay-mtls-rotate';
const CREDENTIAL_FIELDS = ['target', 'scope', 'github-environment', 'client-id', 'mangopay-environment'];
const VALUE = "[A-Za-z0-9%._~!*'()-]*";
const CREDENTIAL_LINE = new RegExp(
  `^<!-- ${TOOL}:credential v1 ${CREDENTIAL_FIELDS.map((f) => `${f}=(${VALUE})`).join(' ')} -->$`,
);
const REQUEST_LINE = new RegExp(
  `^<!-- ${TOOL}:request v1 public-key-sha256=([0-9a-f]{64}) assignees=(${VALUE}) -->$`,
);
const COMMENT_LINE = new RegExp(
  `^<!-- ${TOOL}:comment v1 kind=([a-z-]{1,20})(?: answers=([1-9][0-9]{0,15}))? -->$`,
);

const TARGET = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*)(?:\/[A-Za-z0-9._-]+)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function encode(value: string): string {
  return encodeURIComponent(value);
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function credentialMarker(id: CredentialId): string {
  // The marker's format has the field on every line, empty outside environment scope.
  const environment = id.scope === 'environment' ? id.githubEnvironment : '';
  const values = [id.target, id.scope, environment, id.clientId, id.mangopayEnvironment];
  const fields = CREDENTIAL_FIELDS.map((field, i) => `${field}=${encode(values[i])}`).join(' ');
  return `<!-- ${TOOL}:credential v1 ${fields} -->`;
}

/** Lines of a body that look like our marker, however the body was edited (CRLF, trailing spaces). */
function markerLines(body: string, pattern: RegExp): RegExpMatchArray[] {
  return body
    .split(/\r?\n/)
    .map((line) => line.trimEnd().match(pattern))
    .filter((match): match is RegExpMatchArray => match !== null);
}

/** The credential an issue body names; undefined unless exactly one valid marker line is there. */
export function parseCredentialMarker(body: string): CredentialId | undefined {
  const lines = markerLines(body, CREDENTIAL_LINE);
  if (lines.length !== 1) return undefined;
  const values = lines[0].slice(1, 1 + CREDENTIAL_FIELDS.length).map(decode);
  const [target, scope, githubEnvironment, clientId, mangopayEnvironment] = values;
  if (
    target === undefined ||
    githubEnvironment === undefined ||
    clientId === undefined ||
    !TARGET.test(target) ||
    !CLIENT_ID_PATTERN.test(clientId) ||
    CONTROL.test(githubEnvironment) ||
    githubEnvironment.length > 255
  ) {
    return undefined;
  }
  if (scope !== 'repository' && scope !== 'environment' && scope !== 'organization') return undefined;
  if (mangopayEnvironment !== 'sandbox' && mangopayEnvironment !== 'production') return undefined;
  // An environment name belongs to environment scope only, and organization targets have no '/'.
  if ((scope === 'environment') !== (githubEnvironment !== '')) return undefined;
  if ((scope === 'organization') === target.includes('/')) return undefined;
  const named: { target: string; clientId: string; mangopayEnvironment: MangopayEnvironmentName } = {
    target,
    clientId,
    mangopayEnvironment,
  };
  return scope === 'environment' ? { ...named, scope, githubEnvironment } : { ...named, scope };
}

/** GitHub matches owner, repository and environment names case-insensitively; the rest is exact. */
export function sameCredential(a: CredentialId, b: CredentialId): boolean {
  return (
    a.target.toLowerCase() === b.target.toLowerCase() &&
    environmentOf(a).toLowerCase() === environmentOf(b).toLowerCase() &&
    a.scope === b.scope &&
    a.clientId === b.clientId &&
    a.mangopayEnvironment === b.mangopayEnvironment
  );
}

function environmentOf(id: CredentialId): string {
  return id.scope === 'environment' ? id.githubEnvironment : '';
}

export function requestMarker(stamp: RequestStamp): string {
  const assignees = encode(stamp.assignees.join(','));
  return `<!-- ${TOOL}:request v1 public-key-sha256=${stamp.publicKeySha256.toLowerCase()} assignees=${assignees} -->`;
}

export function parseRequestMarker(body: string): RequestStamp | undefined {
  const lines = markerLines(body, REQUEST_LINE);
  if (lines.length !== 1) return undefined;
  const list = decode(lines[0][2]);
  if (list === undefined) return undefined;
  const assignees = list === '' ? [] : list.split(',');
  if (!assignees.every((login) => GITHUB_LOGIN.test(login))) return undefined;
  return { publicKeySha256: lines[0][1], assignees };
}

export function sameRequest(a: RequestStamp, b: RequestStamp): boolean {
  const set = (logins: string[]) => [...new Set(logins.map((l) => l.toLowerCase()))].sort().join(',');
  return (
    a.publicKeySha256.toLowerCase() === b.publicKeySha256.toLowerCase() &&
    set(a.assignees) === set(b.assignees)
  );
}

/** The first line of every comment the tool writes. */
export function commentMarker(marker: ToolMarker): string {
  const answers = 'answers' in marker && marker.answers !== undefined ? ` answers=${marker.answers}` : '';
  return `<!-- ${TOOL}:comment v1 kind=${marker.kind}${answers} -->`;
}

/** The tool's marker of a comment: only when its first line is exactly one. */
export function parseCommentMarker(body: string): ToolMarker | undefined {
  const first = body.split(/\r?\n/, 1)[0].trimEnd();
  const match = COMMENT_LINE.exec(first);
  if (match === null) return undefined;
  const [, kind, answers] = match;
  if (kind === 'reminder' || kind === 'rolled-back') return answers === undefined ? { kind } : undefined;
  const reply = REPLY_KINDS.find((known) => known === kind);
  if (reply === undefined) return undefined;
  const id = answers === undefined ? undefined : Number(answers);
  return { kind: reply, answers: id !== undefined && Number.isSafeInteger(id) ? id : undefined };
}
