/**
 * The text of the rotation issue and of the tool's comments. Replies and bodies never hold a certificate or
 * key block (fingerprints, serials and dates only), so no text written here can ever be taken for a
 * certificate by the comment reader. The one PEM in the issue body is the CSR, which is public and which the
 * reader does not accept. Text that reaches a reply from elsewhere (a refusal reason, which may quote a
 * certificate's names) is defused first: no PEM markers, no base64 runs, no mentions, no markdown.
 */
import { GITHUB_LOGIN } from '../domain/github-names.js';
import { daysRemaining, isoUtc } from '../domain/schedule.js';
import { commentMarker, credentialMarker, requestMarker } from './marker.js';
import type { CredentialId, MangopayEnvironmentName, RequestStamp } from './marker.js';

const DASHBOARD = 'the Mangopay Dashboard';

export function issueTitle(clientId: string, mangopayEnvironment: MangopayEnvironmentName): string {
  return `mTLS certificate needed for ${clientId} (${mangopayEnvironment})`;
}

export interface IssueBodyInput {
  credential: CredentialId;
  /** The CSR (PEM, public). */
  csrPem: string;
  publicKeySha256: string;
  /** The installed certificate's notAfter, or undefined when none is installed. */
  currentNotAfter: Date | undefined;
  /** True when the request was made with force although none was due. */
  forced: boolean;
  now: Date;
  /** The run that made the request, and its CSR artifact. */
  runUrl: string;
  artifactUrl: string | undefined;
  artifactName: string;
  /** The promote workflow to run instead of replying, e.g. its file name; optional. */
  promoteWorkflow: string | undefined;
  /** Configured assignees (kept in the hidden stamp). */
  assignees: string[];
}

export function issueBody(input: IssueBodyInput): string {
  const { credential } = input;
  const stamp: RequestStamp = { publicKeySha256: input.publicKeySha256, assignees: input.assignees };
  const where =
    credential.scope === 'environment'
      ? `environment \`${credential.githubEnvironment}\` of \`${credential.target}\``
      : `${credential.scope} \`${credential.target}\``;
  const artifact =
    input.artifactUrl === undefined
      ? `the artifact \`${input.artifactName}\` of [the run](${input.runUrl})`
      : `[the artifact \`${input.artifactName}\`](${input.artifactUrl})`;
  const promote =
    input.promoteWorkflow === undefined
      ? 'run the promote workflow with the certificate'
      : `run the promote workflow (\`${input.promoteWorkflow}\`) with the certificate`;
  return [
    `A new mTLS key was made for Mangopay client \`${credential.clientId}\` (${credential.mangopayEnvironment}); ` +
      `its private key is stored as a pending secret in ${where}. Mangopay must sign its CSR before it can be used.`,
    '',
    `**Why now:** ${whyNow(input.currentNotAfter, input.forced, input.now)}`,
    '',
    '### Steps',
    `1. Upload this CSR in ${DASHBOARD} (mTLS certificates) for client \`${credential.clientId}\` and download the certificate it issues.`,
    '2. Reply to this issue with the certificate: the PEM (`BEGIN CERTIFICATE`), or the base64 of it. ' +
      'Only the certificate: never the private key.',
    `3. Or ${promote}.`,
    '',
    `Nothing changes in the live credential until the certificate is checked against the pending key.`,
    '',
    '### The request',
    `Public key SHA-256: \`${input.publicKeySha256}\``,
    '',
    '```',
    input.csrPem.replace(/\r\n?/g, '\n').trim(),
    '```',
    '',
    `Made by [this run](${input.runUrl}); the CSR is also in ${artifact}.`,
    '',
    credentialMarker(credential),
    requestMarker(stamp),
    '',
  ].join('\n');
}

function whyNow(notAfter: Date | undefined, forced: boolean, now: Date): string {
  if (notAfter === undefined) return 'no certificate is installed yet.';
  const expiry = `the current certificate ${notAfter.getTime() < now.getTime() ? 'expired' : 'expires'} on ${isoUtc(notAfter)}`;
  return forced ? `a new key was requested by hand (force); ${expiry}.` : `${expiry}.`;
}

export interface InstalledFacts {
  serialNumber: string;
  issuer: string;
  notAfter: Date;
  publicKeySha256: string;
  runUrl: string;
}

/** `answers`: the id of the comment this reply answers (undefined for a promote by dispatch). */
export function installedReply(facts: InstalledFacts, answers: number | undefined): string {
  return [
    commentMarker({ kind: 'installed', answers }),
    `The certificate was checked against the pending key and installed ([run](${facts.runUrl})). Closing this issue.`,
    '',
    `- Serial: ${quoteCode(defuse(facts.serialNumber))}`,
    `- Issuer: ${quoteCode(defuse(facts.issuer))}`,
    `- Valid until: ${isoUtc(facts.notAfter)}`,
    `- Public key SHA-256: \`${facts.publicKeySha256}\``,
  ].join('\n');
}

export interface RolledBackFacts {
  /** The certificate now current again, and the one it replaced (kept as _PREVIOUS). */
  current: { serialNumber: string; notAfter: Date; publicKeySha256: string };
  replaced: { serialNumber: string; notAfter: Date };
  runUrl: string;
}

/** rollback with issue: true, on the credential's latest rotation issue: facts only, never a PEM block. */
export function rolledBackComment(facts: RolledBackFacts): string {
  return [
    commentMarker({ kind: 'rolled-back' }),
    `The credential was rolled back to the previous certificate ([run](${facts.runUrl})).`,
    '',
    `- Now current: serial ${quoteCode(defuse(facts.current.serialNumber))}, valid until ${isoUtc(facts.current.notAfter)}, public key SHA-256 \`${facts.current.publicKeySha256}\``,
    `- Replaced (kept as the previous certificate): serial ${quoteCode(defuse(facts.replaced.serialNumber))}, valid until ${isoUtc(facts.replaced.notAfter)}`,
    '',
    'Redeploy the services that use the credential. A rollback run again swaps back.',
  ].join('\n');
}

export function refusedReply(reason: string, runUrl: string, answers: number): string {
  return [
    commentMarker({ kind: 'refused', answers }),
    `The certificate was not installed ([run](${runUrl})). Nothing was written.`,
    '',
    `Reason: ${quoteCode(defuse(reason))}`,
  ].join('\n');
}

export function permissionReply(
  login: string,
  role: string | undefined,
  required: string,
  answers: number,
): string {
  const has = role === undefined ? 'no role' : `the ${role} role`;
  return [
    commentMarker({ kind: 'permission', answers }),
    `${GITHUB_LOGIN.test(login) ? `\`${login}\`` : 'The commenter'} has ${has} on this repository; promoting a ` +
      `certificate from a comment needs at least ${required}. Nothing was written.`,
  ].join('\n');
}

export function privateKeyReply(answers: number): string {
  return [
    commentMarker({ kind: 'private-key', answers }),
    '**The comment above holds a private key.** Treat that key as exposed: delete or edit the comment, and ' +
      'make a new key (run the request workflow with `force: true`), then upload the new CSR. ' +
      'Nothing was written; only a certificate (public) belongs in a reply.',
  ].join('\n');
}

export interface ReminderInput {
  assignees: string[];
  /** The installed certificate's notAfter, or undefined when none is installed. */
  notAfter: Date | undefined;
  now: Date;
  /** The run that reminds, and the CSR it published again (request runs): the body keeps the first run's. */
  runUrl: string;
  artifactUrl: string | undefined;
}

export function reminderComment(input: ReminderInput): string {
  const mentions = input.assignees.filter((login) => GITHUB_LOGIN.test(login)).map((login) => `@${login}`);
  const lead = mentions.length > 0 ? `${mentions.join(' ')} reminder` : 'Reminder';
  let state: string;
  if (input.notAfter === undefined) state = 'no certificate is installed yet';
  else {
    const days = daysRemaining(input.notAfter, input.now);
    state =
      days < 0
        ? `the current certificate expired on ${isoUtc(input.notAfter)}`
        : `the current certificate expires in ${days} day${days === 1 ? '' : 's'} (${isoUtc(input.notAfter)})`;
  }
  const artifact =
    input.artifactUrl === undefined ? '' : ` (the CSR again: [artifact](${input.artifactUrl}))`;
  return [
    commentMarker({ kind: 'reminder' }),
    `${lead}: this request is still pending and ${state}. Follow the steps in the issue description.`,
    '',
    `[This run](${input.runUrl}) found it pending${artifact}.`,
  ].join('\n');
}

/** Defuses outside text for a reply: one line, no PEM markers, no long base64, no mentions, clipped. */
export function defuse(text: string): string {
  // Clipped before the block pattern runs, so hostile text cannot make it slow.
  const line = text
    .slice(0, 4000)
    .replace(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, '[PEM block removed]')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    // Base64 runs (a certificate's or key's lines) go; hex runs (digests, serials) stay.
    .replace(/[A-Za-z0-9+/=]{40,}/g, (run) => (/^[0-9A-Fa-f]+$/.test(run) ? run : '[…]'))
    .replace(/@/g, '@\u200b')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

/** Inline code that no backtick in the text can close early. */
function quoteCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space on each side: needed only when the text itself starts or ends with a backtick.
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
