// The one workflow (examples/rotation.yml) through dist/index.js under Node 24, with no `mode` input: each
// trigger does the right thing, a certificate comment whose run never happened is installed by the next
// scheduled run, and nothing the action writes on the issue holds a certificate or a key. The fake GitHub's
// request log counts the API calls of each trigger.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import { REPOSITORY_TARGET as repo, runRotation, type TestBed } from '../support/e2e.js';
import { gitHubTime, type FakeIssue } from '../support/fake-issues.js';
import { CERT, CSR, KEY, PENDING, spkiSha256 } from '../support/fixtures.js';
import { commentEvent, ISSUE_TOKEN, pastedReply, startIssueTestBed } from '../support/issue/comments.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];
/** Every issue body and comment the action wrote, as it was after each run. */
const written = new Set<string>();

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
  bed = await startIssueTestBed();
});
afterAll(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
  await ca.dispose();
});

const secretPem = (name: string) => Buffer.from(bed.github.secret(repo, name) ?? '', 'base64').toString();

/**
 * One run of the one workflow's step, as the runner starts it on `eventName`: no mode, the rotation issue,
 * both keys from the secrets (empty while a secret does not exist), the dispatch inputs. Returns the run and
 * the API calls it made (`METHOD route status`).
 */
async function oneWorkflow(
  eventName: 'schedule' | 'workflow_dispatch' | 'issue_comment',
  options: { certificate?: string; force?: boolean; event?: unknown; mode?: 'check' } = {},
) {
  const [pending, current] = [secretPem(PENDING), secretPem(KEY)];
  const before = bed.github.calls.length;
  const run = await runRotation(
    bed,
    {
      issue: 'true',
      'issue-token': ISSUE_TOKEN,
      'issue-assignees': 'octocat',
      'pending-private-key': pending,
      'current-private-key': current,
      certificate: options.certificate ?? '',
      force: String(options.force ?? false),
      ...(options.mode === undefined ? {} : { mode: options.mode }),
    },
    { eventName, event: options.event, knownKeys: [pending, current].filter((key) => key !== '') },
  );
  runs.push(run);
  for (const text of actionTexts()) written.add(text);
  const calls = bed.github.calls.slice(before).map((call) => `${call.method} ${call.route} ${call.status}`);
  return { run, calls };
}

/** The bodies of the issues the action opened and the comments it wrote. */
function actionTexts(): string[] {
  const { issues, actor } = bed.github.issues;
  return issues.flatMap((issue) => [
    ...(issue.author === actor ? [issue.body] : []),
    ...issue.comments.filter((comment) => comment.author === actor).map((comment) => comment.body),
  ]);
}

function openIssue(): FakeIssue {
  const open = bed.github.issues.issues.filter((issue) => issue.state === 'open');
  expect(open).toHaveLength(1);
  return open[0];
}

/** A person's comment, made now, whose issue_comment run never happens (cancelled, an outage, ...). */
function lostComment(issue: FakeIssue, login: string, body: string): number {
  const id = bed.github.issues.nextId++;
  issue.comments.push({ id, author: login, body, createdAt: gitHubTime(new Date()) });
  return id;
}

const ISSUES = '/repos/{owner}/{repo}/issues';
const COMMENTS = `${ISSUES}/{issue_number}/comments`;
const lastMarker = (issue: FakeIssue) => issue.comments.at(-1)?.body.split('\n')[0];

describe('the one workflow, no mode input', () => {
  let certificate: string;
  let firstIssue: FakeIssue;

  it('a scheduled run requests and opens the rotation issue', async () => {
    const { run } = await oneWorkflow('schedule');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'requested', rotated: 'true', 'issue-number': '1' });
    firstIssue = openIssue();
    expect(firstIssue.body).toContain(bed.github.variable(repo, CSR)?.trim() ?? 'no CSR');
    certificate = await ca.signCsr(bed.github.variable(repo, CSR) ?? '', { days: 365 });
  });

  it('a second scheduled run the same day comments nothing; reconcile adds one listing to the pending run', async () => {
    const { run, calls } = await oneWorkflow('schedule');
    expect(run.outputs).toMatchObject({ state: 'pending', 'issue-number': '1' });
    expect(firstIssue.comments).toEqual([]);
    const check = await oneWorkflow('schedule', { mode: 'check' });
    expect(check.run.outputs).toMatchObject({ state: 'checked', pending: 'true', due: 'true' });
    expect(firstIssue.comments).toEqual([]);
    // The same state read and issue lookup as a check; the one more call is the comments since the request.
    expect(check.calls).toEqual(['GET /repos/{owner}/{repo}/actions/variables 200', `GET ${ISSUES} 200`]);
    expect(calls).toEqual([...check.calls, `GET ${COMMENTS} 200`]);
  });

  it('a comment without a certificate is ignored', async () => {
    const { run, calls } = await oneWorkflow('issue_comment', {
      event: commentEvent(firstIssue, 'octocat', 'Uploading it now, thanks!'),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ state: 'ignored' });
    expect(calls).toEqual([]);
    expect(firstIssue.comments).toEqual([]);
  });

  it("a reader's certificate whose run never happened is never installed: refused once by the next schedule", async () => {
    const snapshot = bed.github.snapshot();
    const id = lostComment(firstIssue, 'reader', pastedReply(certificate));
    const { run, calls } = await oneWorkflow('schedule');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'pending' });
    expect(run.warnings).toEqual([expect.stringContaining('The certificate reader posted')]);
    expect(lastMarker(firstIssue)).toBe(
      `<!-- mangopay-mtls-rotate:comment v1 kind=permission answers=${id} -->`,
    );
    expect(calls.filter((call) => call.includes('/permission '))).toHaveLength(1);
    expect(bed.github.snapshot()).toBe(snapshot);

    const again = await oneWorkflow('schedule');
    expect(again.run.outputs).toMatchObject({ state: 'pending' });
    expect(again.calls.filter((call) => call.includes('/permission '))).toEqual([]);
    expect(firstIssue.comments.filter((comment) => comment.author === 'github-actions[bot]')).toHaveLength(1);
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it("a maintainer's certificate whose run never happened is installed by the next schedule: reply, close", async () => {
    const pendingKey = secretPem(PENDING);
    const id = lostComment(firstIssue, 'octocat', pastedReply(certificate));
    const { run, calls } = await oneWorkflow('schedule');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'promoted', rotated: 'true', 'issue-number': '1' });
    expect(spkiSha256(secretPem(KEY))).toBe(spkiSha256(pendingKey));
    expect(Buffer.from(bed.github.variable(repo, CERT) ?? '', 'base64').toString()).toBe(certificate);
    expect(bed.github.variable(repo, CSR)).toBeUndefined();
    expect(firstIssue).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(lastMarker(firstIssue)).toBe(
      `<!-- mangopay-mtls-rotate:comment v1 kind=installed answers=${id} -->`,
    );
    // One listing, one permission read (the newest candidate qualifies), the install, the reply and the close.
    expect(calls.filter((call) => call.startsWith('GET /repos/{owner}/{repo}/collaborators'))).toHaveLength(
      1,
    );
    expect(calls.filter((call) => call.startsWith(`GET ${COMMENTS}`))).toHaveLength(1);
    expect(calls.slice(-2)).toEqual([`POST ${COMMENTS} 201`, `PATCH ${ISSUES}/{issue_number} 200`]);
  });

  it("the comment's own run, arriving after the schedule installed its certificate, is ignored", async () => {
    const lost = firstIssue.comments.find((comment) => comment.author === 'octocat');
    if (lost === undefined) throw new Error('the lost comment is not on the issue');
    const snapshot = bed.github.snapshot();
    const replies = firstIssue.comments.length;
    const late = commentEvent(firstIssue, 'octocat', lost.body);
    const event = { ...late, comment: { ...late.comment, id: lost.id, created_at: lost.createdAt } };
    // No pending key any more (the install deleted its secret): the comment is judged before that matters.
    expect(secretPem(PENDING)).toBe('');
    const { run } = await oneWorkflow('issue_comment', { event });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ state: 'ignored' });
    expect(firstIssue.comments).toHaveLength(replies);
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it('a "thanks!" on the closed issue after the install is ignored, though no pending key is left', async () => {
    const snapshot = bed.github.snapshot();
    const { run, calls } = await oneWorkflow('issue_comment', {
      event: commentEvent(firstIssue, 'octocat', 'Works in production, thanks!'),
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ state: 'ignored' });
    expect(calls).toEqual([]);
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it('a dispatch with a certificate promotes; without one it requests (force: a new key)', async () => {
    const requested = await oneWorkflow('workflow_dispatch', { force: true });
    const second = openIssue();
    expect(second.number).not.toBe(firstIssue.number);
    expect(requested.run.outputs).toMatchObject({
      state: 'requested',
      'issue-number': String(second.number),
    });
    const issued = await ca.signCsr(bed.github.variable(repo, CSR) ?? '', { days: 365 });
    const { run } = await oneWorkflow('workflow_dispatch', {
      certificate: Buffer.from(issued).toString('base64'),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'promoted', 'issue-number': String(second.number) });
    expect(Buffer.from(bed.github.variable(repo, CERT) ?? '', 'base64').toString()).toBe(issued);
    expect(second).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(lastMarker(second)).toBe('<!-- mangopay-mtls-rotate:comment v1 kind=installed -->');
  });

  it('nothing the action wrote on an issue holds a certificate or key block (the body: only the CSR)', () => {
    const texts = [...written];
    // Two issue bodies and three replies (the reader's refusal, two installations): nothing per run besides.
    expect(texts).toHaveLength(5);
    const blocks = texts.flatMap((text) => [...text.matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((m) => m[1]));
    expect(blocks.filter((label) => label !== 'CERTIFICATE REQUEST')).toEqual([]);
    const comments = actionTexts().filter((text) => text.startsWith('<!-- mangopay-mtls-rotate:comment'));
    expect(comments).toHaveLength(3);
    for (const comment of comments) expect(comment).not.toContain('-----BEGIN');
  });
});
