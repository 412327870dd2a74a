/**
 * Promote from a comment: which comment events are ours, and the certificate in one. A comment body is
 * untrusted: at most 64 KB is read, only a certificate is taken from it, and any private key in it is
 * masked before anything else happens.
 */
import { RefusedError } from '../../domain/errors.js';
import type { IssueSettings } from '../../settings/issue.js';
import { certificateFromComment } from '../../issue/comment.js';
import type { CredentialId } from '../../issue/marker.js';
import { roleMeets, triageCommentEvent } from '../../issue/policy.js';
import { permissionReply, privateKeyReply, refusedReply } from '../../issue/render.js';
import type { IssueTracker } from '../../ports/issue-tracker.js';
import type { IssueLink } from '../result.js';

export type CommentTrigger =
  | { kind: 'ignored'; reason: string }
  | { kind: 'certificate'; pem: string; issue: IssueLink; login: string; notes: string[] };

export interface CommentContext {
  tracker: IssueTracker;
  settings: IssueSettings;
  credential: CredentialId;
  runUrl: string;
  /** https://github.com/owner/repo/issues: the issue's URL is this plus its number. */
  issuesUrl: string;
  mask(value: string): void;
}

export async function certificateFromEvent(
  context: CommentContext,
  payload: unknown,
): Promise<CommentTrigger> {
  const { tracker, settings } = context;
  const verdict = triageCommentEvent(payload, settings.label, context.credential);
  if (verdict.kind === 'ignore') return { kind: 'ignored', reason: verdict.reason };
  const { issueNumber, login, body } = verdict.comment;
  const found = certificateFromComment(body);
  if (found.kind === 'private-key') {
    for (const form of found.mask) context.mask(form);
    await tracker.comment(issueNumber, privateKeyReply());
    throw new RefusedError(
      `The comment by ${login} on issue #${issueNumber} holds a private key: treat that key as exposed and rotate ` +
        'it (request with force: true). Nothing was written.',
    );
  }
  if (found.kind === 'none') return { kind: 'ignored', reason: 'the comment holds no certificate' };
  // Someone is trying to promote: from here on, every outcome gets a reply.
  const role = await tracker.permission(login);
  if (!roleMeets(role, settings.promotePermission)) {
    await tracker.comment(issueNumber, permissionReply(login, role, settings.promotePermission));
    throw new RefusedError(
      `${login} has ${role === undefined ? 'no role' : `the ${role} role`} on the repository; promote-permission ` +
        `asks for at least ${settings.promotePermission}. Nothing was written.`,
    );
  }
  if (found.kind === 'ambiguous' || found.kind === 'invalid') {
    await tracker.comment(issueNumber, refusedReply(found.message, context.runUrl));
    throw new RefusedError(`${found.message} Nothing was written.`);
  }
  return {
    kind: 'certificate',
    pem: found.pem,
    issue: { number: issueNumber, url: `${context.issuesUrl}/${issueNumber}` },
    login,
    notes: found.notes,
  };
}
