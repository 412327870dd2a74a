/**
 * The rotation issue's comments since the request, read as a whole: which were answered by the tool (every
 * reply's marker names the comment it answers), which people's comments are still open, which of them hold a
 * certificate for the pending key, and when the tool last reminded. A run that lost its comment event finds
 * the comment here (reconcile). Pure: comments in, decisions out; no I/O.
 */
import { publicKeySha256 } from '../domain/certificates.js';
import { certificateFromComment } from './comment-certificate.js';
import { parseCommentMarker } from './marker.js';

/** A comment on the rotation issue as the tracker read it; the body is untrusted. */
export interface IssueComment {
  id: number;
  /** The commenter's login, and whether GitHub says it is a bot (`type: Bot`, or a `[bot]` login). */
  author: { login: string; bot: boolean };
  body: string;
  /** `created_at` as GitHub reports it (whole seconds). */
  createdAt: Date;
  /** Its HTML URL (`…/issues/<n>#issuecomment-<id>`). */
  url: string;
}

export interface Thread {
  /** People's comments made since the request that no reply of the tool answers yet, newest first. */
  open: IssueComment[];
  /** When the tool last reminded, among the comments read; undefined when it has not. */
  lastReminderAt: Date | undefined;
}

/**
 * `toolLogin`: who writes the tool's comments (the issue's author: the identity of issue-token). Only a
 * comment by it whose first line is a tool marker is the tool's (anyone can paste a marker). `since`: the
 * request's time (the CSR variable's `updated_at`); comments created before it are not about this request.
 * Both sides are compared in whole seconds, inclusive, as GitHub reports them.
 */
export function readThread(
  comments: readonly IssueComment[],
  toolLogin: string | undefined,
  since: Date | undefined,
): Thread {
  const answered = answeredComments(comments, toolLogin);
  let lastReminderAt: Date | undefined;
  const people: IssueComment[] = [];
  for (const comment of comments) {
    const marker = toolMarker(comment, toolLogin);
    if (marker === undefined) {
      people.push(comment);
    } else if (marker.kind === 'reminder') {
      if (lastReminderAt === undefined || comment.createdAt > lastReminderAt)
        lastReminderAt = comment.createdAt;
    }
  }
  const from = since === undefined ? undefined : wholeSeconds(since);
  const open = people
    .filter((comment) => !comment.author.bot && !answered.has(comment.id))
    .filter((comment) => from === undefined || wholeSeconds(comment.createdAt) >= from)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  return { open, lastReminderAt };
}

/** The ids of the comments the tool's replies answer (each reply's marker names one). */
export function answeredComments(
  comments: readonly IssueComment[],
  toolLogin: string | undefined,
): Set<number> {
  const answered = new Set<number>();
  for (const comment of comments) {
    const marker = toolMarker(comment, toolLogin);
    if (marker !== undefined && 'answers' in marker && marker.answers !== undefined)
      answered.add(marker.answers);
  }
  return answered;
}

/** The tool's marker of a comment: only a comment by the tool's login whose first line is a marker counts. */
function toolMarker(comment: IssueComment, toolLogin: string | undefined) {
  return comment.author.login === toolLogin ? parseCommentMarker(comment.body) : undefined;
}

/** Milliseconds since the epoch, rounded down to the second. */
export function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

export type CommentClaim =
  /** A certificate for the pending key: the person's permission decides whether it is taken. */
  | { kind: 'certificate'; pem: string; notes: string[] }
  /** A private key: every form of it to mask; the comment gets the warning its comment run would have given. */
  | { kind: 'private-key'; mask: string[] }
  /** Discussion, a broken or ambiguous paste, or a certificate for another key: not a claim on this request. */
  | { kind: 'none' };

/** What an open comment claims about the pending request, judged as the comment run judges its comment. */
export function claimOf(comment: IssueComment, pendingPublicKeySha256: string): CommentClaim {
  const found = certificateFromComment(comment.body);
  if (found.kind === 'private-key') return { kind: 'private-key', mask: found.mask };
  if (found.kind !== 'certificate') return { kind: 'none' };
  return publicKeySha256(found.leafPem) === pendingPublicKeySha256.toLowerCase()
    ? { kind: 'certificate', pem: found.pem, notes: found.notes }
    : { kind: 'none' };
}
