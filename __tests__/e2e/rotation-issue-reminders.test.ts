// The daily check's reminders on the rotation issue, and issue calls that fail after the credential writes.
// Through dist/index.js, as the runner runs it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ActionRun } from '../support/action-runner.js';
import { REPOSITORY_TARGET as repo, runRotation, type TestBed } from '../support/e2e.js';
import { CERT, CSR, issuedCredential, PENDING } from '../support/fixtures.js';
import { gitHubTime } from '../support/fake-issues.js';
import { ISSUE_TOKEN, startIssueTestBed } from '../support/issue/comments.js';
import { createTestCa, DAY_MS, type TestCa } from '../support/test-ca.js';

const REMINDER = '<!-- mangopay-mtls-rotate:comment v1 kind=reminder -->';
let ca: TestCa;
let bed: TestBed;
const runs: ActionRun[] = [];
const issueInputs = { issue: 'true', 'issue-token': ISSUE_TOKEN, 'issue-assignees': 'octocat' };

beforeAll(async () => {
  ca = await createTestCa({ commonName: 'Mangopay Test CA' });
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  bed = await startIssueTestBed();
});
afterEach(async () => {
  await bed.close();
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

async function rotation(inputs: Record<string, string>) {
  const run = await runRotation(bed, { ...issueInputs, ...inputs });
  runs.push(run);
  expect(run.exitCode).toBe(0);
  return run;
}

async function install(daysLeft: number, daysAgo = 30): Promise<void> {
  const { certPem } = await issuedCredential(ca, { daysLeft, daysAgo });
  bed.github.setVariable(repo, CERT, Buffer.from(certPem).toString('base64'));
}

const reminders = () => bed.github.issues.issues[0].comments.filter((c) => c.body.startsWith(REMINDER));

/** `days` pass: the issue, its comments and the request (the CSR variable's updated_at) move back in time. */
function travel(days: number): void {
  const back = (time: string) => gitHubTime(new Date(new Date(time).getTime() - days * DAY_MS));
  for (const issue of bed.github.issues.issues) {
    issue.createdAt = back(issue.createdAt);
    for (const comment of issue.comments) comment.createdAt = back(comment.createdAt);
  }
  bed.github.backdateVariable(repo, CSR, days * DAY_MS);
}

describe('reminders', () => {
  it('one per interval while a request waits inside the renewal window; says so once the certificate expired', async () => {
    await install(10);
    await rotation({});
    expect(bed.github.issues.issues).toHaveLength(1);

    // The issue itself is the first notice: no reminder the day it opened.
    const first = await rotation({ mode: 'check' });
    expect(first.outputs).toMatchObject({ pending: 'true', due: 'true', 'issue-number': '1' });
    expect(reminders()).toHaveLength(0);

    travel(8);
    await rotation({ mode: 'check' });
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0].body).toMatch(
      /@octocat reminder: this request is still pending and the current certificate expires in 9 days/,
    );

    await rotation({ mode: 'check' });
    expect(reminders()).toHaveLength(1);

    travel(8);
    await rotation({ mode: 'check', 'reminder-interval-days': '7' });
    expect(reminders()).toHaveLength(2);

    await install(-2, 400);
    travel(8);
    await rotation({ mode: 'check' });
    expect(reminders()).toHaveLength(3);
    expect(reminders()[2].body).toMatch(/the current certificate expired on \d{4}-\d\d-\d\d/);
  });

  it('reminder-interval-days: 3 reminds three days after the issue opened, then three days after that', async () => {
    const interval = { 'reminder-interval-days': '3' };
    await rotation(interval); // opens the issue
    travel(2);
    await rotation(interval); // a scheduled run of the one workflow (mode auto): pending
    expect(reminders()).toHaveLength(0);
    travel(1);
    const third = await rotation(interval);
    expect(third.outputs).toMatchObject({ state: 'pending' });
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0].body).toMatch(
      /\[This run\]\(https:\/\/github\.com\/octo-org\/payments\/actions\/runs\/\d+\)/,
    );
    travel(2);
    await rotation(interval);
    expect(reminders()).toHaveLength(1);
    travel(1);
    await rotation(interval);
    expect(reminders()).toHaveLength(2);
  });

  it('no reminder while the request is not due yet, nor without a pending request', async () => {
    await install(10);
    await rotation({});
    await rotation({ mode: 'check', 'renew-before-days': '5' });
    expect(reminders()).toHaveLength(0);
    bed.github.setVariable(repo, CSR, '');
    await rotation({ mode: 'check' });
    expect(reminders()).toHaveLength(0);
  });
});

describe('issue calls that fail', () => {
  it('never undo the credential writes; the error says what is stored', async () => {
    bed.github.injectFault({
      kind: 'status',
      status: 403,
      method: 'POST',
      route: '/repos/{owner}/{repo}/issues',
    });
    // The CSR was published before the issue call failed: its public file stays, as after a success.
    const csrFile = 'runnerTemp/mangopay-mtls-csr/mangopay-mtls-csr-sandbox/acme-sandbox.csr';
    const run = await runRotation(bed, issueInputs, { publicLeftovers: [csrFile] });
    runs.push(run);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^The credential writes succeeded \(secret MANGOPAY_MTLS_KEY_PENDING, variable MANGOPAY_MTLS_CSR, artifact mangopay-mtls-csr-sandbox\), but updating the rotation issue failed: .*Issues: read and write/,
      ),
    ]);
    expect(bed.github.secretNames(repo)).toEqual([PENDING]);
    expect(bed.github.variable(repo, CSR)).toContain('BEGIN CERTIFICATE REQUEST');
    expect(bed.github.issues.issues).toHaveLength(0);
  });
});
