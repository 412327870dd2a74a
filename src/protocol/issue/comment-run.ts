/**
 * Promote from a comment: which comment events are ours, and the certificate in one. A comment body is
 * untrusted: at most 64 KB is read, only a certificate is taken from it, and any private key in it is
 * masked before anything else happens.
 */
import { InputError, RefusedError } from '../../domain/errors.js';
import { COMMENT_NEEDS_ISSUE } from '../../settings/route.js';
import type { Deps } from '../../ports/deps.js';
import type { PromoteSettings, PromoteWithCertificate } from '../../settings/settings.js';
import { certificateFromComment } from '../../issue/comment-certificate.js';
import { answeredComments } from '../../issue/thread.js';
import { roleMeets, triageCommentEvent } from '../../issue/policy.js';
import { permissionReply, privateKeyReply, refusedReply } from '../../issue/render.js';
import type { IssueLink } from '../result.js';
import type { IssueTracking } from '../../ports/issue-tracker.js';

/** The comment a run acts on: its issue, and its id, which the reply's marker names (answered once). */
export interface AnsweredComment {
  issue: IssueLink;
  id: number;
}

export type CommentTrigger =
  | { kind: 'ignored'; reason: string }
  | { kind: 'certificate'; pem: string; comment: AnsweredComment; login: string; notes: string[] };

export type TakenCertificate =
  | { kind: 'ignored'; reason: string }
  /** `comment`: the comment the certificate came from; undefined when it was an input. */
  | { kind: 'ready'; settings: PromoteWithCertificate; comment: AnsweredComment | undefined };

/** The certificate to promote: the one given as an input, or the one in the event's comment. */
export async function takeCertificate(settings: PromoteSettings, deps: Deps): Promise<TakenCertificate> {
  const { certificate } = settings;
  if (certificate.kind === 'given')
    return { kind: 'ready', settings: { ...settings, certificate }, comment: undefined };
  if (deps.issues === undefined) throw new InputError('issue', COMMENT_NEEDS_ISSUE);
  const trigger = await certificateFromEvent(deps.issues, (value) => deps.mask(value), certificate.payload);
  if (trigger.kind === 'ignored') return trigger;
  for (const note of trigger.notes) deps.log.info(note);
  deps.log.info(
    `Promoting the certificate ${trigger.login} posted on issue #${trigger.comment.issue.number}.`,
  );
  return {
    kind: 'ready',
    settings: { ...settings, certificate: { kind: 'given', pem: trigger.pem, input: 'certificate' } },
    comment: trigger.comment,
  };
}

export async function certificateFromEvent(
  context: IssueTracking,
  mask: (value: string) => void,
  payload: unknown,
): Promise<CommentTrigger> {
  const { tracker, settings } = context;
  const verdict = triageCommentEvent(payload, settings.label, context.credential);
  if (verdict.kind === 'ignore') return { kind: 'ignored', reason: verdict.reason };
  const { issueNumber, commentId, login, body } = verdict.comment;
  const found = certificateFromComment(body);
  // A private key is masked before anything else happens, an API call included.
  if (found.kind === 'private-key') for (const form of found.mask) mask(form);
  if (found.kind === 'none') return { kind: 'ignored', reason: 'the comment holds no certificate' };
  // A later run may have taken the comment up already (reconcile, when this run waited behind it): its reply
  // names the comment, and a comment is answered once.
  const replies = await tracker.commentsSince(issueNumber, verdict.comment.createdAt);
  if (answeredComments(replies, verdict.comment.issueAuthor).has(commentId))
    return { kind: 'ignored', reason: 'the comment was already answered by an earlier run' };
  if (found.kind === 'private-key') {
    await tracker.comment(issueNumber, privateKeyReply(commentId));
    throw new RefusedError(
      `The comment by ${login} on issue #${issueNumber} holds a private key: treat that key as exposed and rotate ` +
        'it (request with force: true). Nothing was written.',
    );
  }
  // Someone is trying to promote: from here on, every outcome gets a reply.
  const role = await tracker.permission(login);
  if (!roleMeets(role, settings.promotePermission)) {
    await tracker.comment(issueNumber, permissionReply(login, role, settings.promotePermission, commentId));
    throw new RefusedError(
      `${login} has ${role === undefined ? 'no role' : `the ${role} role`} on the repository; promote-permission ` +
        `asks for at least ${settings.promotePermission}. Nothing was written.`,
    );
  }
  if (found.kind === 'ambiguous' || found.kind === 'invalid') {
    await tracker.comment(issueNumber, refusedReply(found.message, context.runUrl, commentId));
    throw new RefusedError(`${found.message} Nothing was written.`);
  }
  return {
    kind: 'certificate',
    pem: found.pem,
    comment: { issue: { number: issueNumber, url: `${context.issuesUrl}/${issueNumber}` }, id: commentId },
    login,
    notes: found.notes,
  };
}
