// The human step, tracked: request opens the rotation issue, replies are triaged, a maintainer's reply with
// the certificate promotes it and closes the issue. Through dist/index.js, as the runner runs it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import { REPOSITORY_TARGET as repo, runRotation, type TestBed } from '../support/e2e.js';
import type { FakeIssue } from '../support/fake-issues.js';
import { CSR, KEY, PENDING, spkiSha256 } from '../support/fixtures.js';
import { commentEvent, ISSUE_TOKEN, pastedReply, startIssueTestBed } from '../support/issue/comments.js';
import { createTestCa, makeKeyAndCsr, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];
const issueInputs = { issue: 'true', 'issue-token': ISSUE_TOKEN, 'issue-assignees': 'octocat, outsider' };

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
  bed = await startIssueTestBed();
});
afterAll(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
  await ca.dispose();
});

async function rotation(inputs: Record<string, string>, options: Parameters<typeof runRotation>[2] = {}) {
  const run = await runRotation(bed, { ...issueInputs, ...inputs }, options);
  runs.push(run);
  return run;
}

function theIssue(): FakeIssue {
  expect(bed.github.issues.issues).toHaveLength(1);
  return bed.github.issues.issues[0];
}

const pendingKey = () => Buffer.from(bed.github.secret(repo, PENDING) ?? '', 'base64').toString();

/** A promote run triggered by a comment, as examples/promote-from-issue.yml runs it. */
function promoteFrom(event: unknown) {
  const key = pendingKey();
  return rotation(
    { mode: 'promote', 'pending-private-key': key },
    { eventName: 'issue_comment', event, knownKeys: [key] },
  );
}

describe('the rotation issue, from the CSR to the installed certificate', () => {
  let certificate: string;

  it('request opens one issue with the CSR, its fingerprint, the label, the assignees it can, and a marker', async () => {
    const run = await rotation({});
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'requested', 'issue-number': '1' });
    const issue = theIssue();
    expect(run.outputs['issue-url']).toBe(`https://github.com/octo-org/payments/issues/${issue.number}`);
    expect(issue.title).toBe('mTLS certificate needed for acme (sandbox)');
    expect(issue.labels).toEqual(['mtls-rotation']);
    expect(issue.assignees).toEqual(['octocat']);
    expect(issue.body).toContain(bed.github.variable(repo, CSR)?.trim() ?? 'no CSR');
    expect(issue.body).toContain(run.outputs['public-key-sha256']);
    expect(issue.body).toMatch(/^<!-- mangopay-mtls-rotate:credential v1 target=octo-org%2Fpayments /m);
    expect(run.log).toMatch(/::warning::Not assigned: outsider/);
  });

  it('request again keeps the same issue: no second issue, the body kept, no comment the same day', async () => {
    const before = theIssue().body;
    const run = await rotation({});
    expect(run.outputs).toMatchObject({ state: 'pending', 'issue-number': '1' });
    expect(theIssue().body).toBe(before);
    expect(theIssue().comments).toEqual([]);
    certificate = await ca.signCsr(bed.github.variable(repo, CSR) ?? '', { days: 365 });
  });

  it('a reader replying with the certificate is refused with a reply, and nothing is written', async () => {
    const snapshot = bed.github.snapshot();
    const run = await promoteFrom(commentEvent(theIssue(), 'reader', pastedReply(certificate)));
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/reader has the read role .* at least write\. Nothing was written\./),
    ]);
    expect(lastReply()).toMatch(/kind=permission answers=\d+ -->\n`reader` has the read role/);
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it('a certificate for another key is refused with a reply, and nothing is written', async () => {
    const other = await makeKeyAndCsr('/CN=acme.sandbox.mangopay.com/O=Mangopay/C=LU');
    const wrong = await ca.signCsr(other.csrPem, { days: 365 });
    const snapshot = bed.github.snapshot();
    const run = await promoteFrom(commentEvent(theIssue(), 'octocat', pastedReply(wrong)));
    expect(run.exitCode).toBe(1);
    expect(lastReply()).toMatch(
      /kind=refused answers=\d+ -->\nThe certificate was not installed .*Nothing was written/,
    );
    expect(lastReply()).toContain('was not issued for the pending key');
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it('a private key pasted in a reply is masked, refused with a warning to rotate it, and never logged', async () => {
    const exposed = await makeKeyAndCsr();
    const snapshot = bed.github.snapshot();
    const run = await promoteFrom(commentEvent(theIssue(), 'octocat', `here:\n${exposed.keyPem}`));
    runs.push(run);
    expect(run.exitCode).toBe(1);
    expect(lastReply()).toMatch(
      /kind=private-key answers=\d+ -->\n\*\*The comment above holds a private key\.\*\*/,
    );
    expect(lastReply()).not.toContain('PRIVATE KEY-----');
    const masked = run.commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
    const lines = exposed.keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(masked).toContain(line);
    for (const line of lines) expect(run.log.replace(/^::add-mask::.*$/gm, '')).not.toContain(line);
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it.each([
    ['a comment with no certificate', () => commentEvent(theIssue(), 'octocat', 'Uploading it now, thanks!')],
    ['a bot comment', () => commentEvent(theIssue(), 'renovate[bot]', pastedReply(certificate), 'Bot')],
    [
      'a comment on an unrelated issue',
      () =>
        commentEvent(
          { ...theIssue(), number: 77, labels: ['bug'], body: 'Unrelated' },
          'octocat',
          pastedReply(certificate),
        ),
    ],
  ])('%s is ignored: exit 0, no reply, no write', async (_name, event) => {
    const snapshot = bed.github.snapshot();
    const replies = theIssue().comments.length;
    const run = await promoteFrom(event());
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ state: 'ignored' });
    expect(theIssue().comments).toHaveLength(replies);
    expect(bed.github.snapshot()).toBe(snapshot);
  });

  it("a maintainer's reply with the certificate installs it, replies with what was installed and closes the issue", async () => {
    const key = pendingKey();
    const run = await promoteFrom(commentEvent(theIssue(), 'octocat', pastedReply(certificate)));
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ state: 'promoted', rotated: 'true', 'issue-number': '1' });
    expect(spkiSha256(Buffer.from(bed.github.secret(repo, KEY) ?? '', 'base64').toString())).toBe(
      spkiSha256(key),
    );
    expect(bed.github.variable(repo, CSR)).toBeUndefined();
    expect(theIssue()).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(lastReply()).toMatch(
      /kind=installed answers=\d+ -->\nThe certificate was checked against the pending key and installed/,
    );
    expect(lastReply()).toContain(`Public key SHA-256: \`${spkiSha256(key)}\``);
  });

  it('check with nothing pending comments nothing', async () => {
    const replies = theIssue().comments.length;
    const run = await rotation({ mode: 'check' });
    expect(run.outputs).toMatchObject({ state: 'checked', pending: 'false', due: 'false' });
    expect(theIssue().comments).toHaveLength(replies);
  });
});

function lastReply(): string {
  const comments = theIssue().comments;
  expect(comments.length).toBeGreaterThan(0);
  return comments[comments.length - 1].body;
}
