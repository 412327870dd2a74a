// The GitHub issue tracker through the action's real Octokit (retry + throttling plugins) against the loopback
// issues fake; every request body and every answer is checked against GitHub's OpenAPI description.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RequestError } from '@octokit/request-error';
import { createGitHubClient } from '../../src/adapters/github/client.js';
import { GitHubIssueTracker } from '../../src/adapters/github/issue-tracker.js';
import { commentMarker, credentialMarker, type CredentialId } from '../../src/issue/marker.js';
import { readThread } from '../../src/issue/thread.js';
import type { FakeIssue } from '../support/fake-issues.js';
import { startFakeIssues, type FakeIssuesServer } from '../support/fake-issues-server.js';
import { checkResponse, matchRoute } from '../support/openapi.js';

const ACME: CredentialId = {
  target: 'octo-org/payments',
  scope: 'repository',
  clientId: 'acme',
  mangopayEnvironment: 'sandbox',
};
const OTHER: CredentialId = { ...ACME, mangopayEnvironment: 'production' };
const LABEL = 'mtls-rotation';
const BOT = 'github-actions[bot]';

let fake: FakeIssuesServer;
let tracker: GitHubIssueTracker;
let responseViolations: string[];

beforeEach(async () => {
  fake = await startFakeIssues({
    users: [
      { login: BOT, type: 'Bot' },
      { login: 'alice', role: { role_name: 'maintain', permission: 'write' } },
      { login: 'carol', role: { role_name: 'security-auditor', permission: 'write' } },
      { login: 'dave', role: { role_name: 'triage', permission: 'read' } },
      { login: 'mallory' },
    ],
  });
  responseViolations = [];
  const octokit = createGitHubClient({ token: fake.token, baseUrl: fake.url, retryBaseMs: 1 });
  octokit.hook.wrap('request', async (request, options) => {
    const check = (url: string, status: number, data: unknown) => {
      const match = matchRoute(options.method, new URL(url).pathname);
      if (match)
        responseViolations.push(
          ...checkResponse(match.template, options.method, status, data === '' ? undefined : data),
        );
    };
    try {
      const response = await request(options);
      check(response.url, response.status, response.data);
      return response;
    } catch (error) {
      if (error instanceof RequestError && error.response)
        check(error.response.url, error.status, error.response.data);
      throw error;
    }
  });
  tracker = new GitHubIssueTracker(octokit, 'octo-org/payments');
});
afterEach(async () => {
  expect(fake.state.openApiViolations).toEqual([]);
  expect(responseViolations).toEqual([]);
  await fake.close();
});

function seed(issue: Partial<FakeIssue> & { body: string }): FakeIssue {
  const seeded: FakeIssue = {
    number: fake.state.nextId++,
    title: 't',
    author: BOT,
    labels: [LABEL],
    assignees: [],
    state: 'open',
    stateReason: null,
    isPullRequest: false,
    comments: [],
    createdAt: '2026-01-01T00:00:00Z',
    events: [],
    ...issue,
  };
  fake.state.issues.push(seeded);
  return seeded;
}
const bodyFor = (id: CredentialId) => `text\n\n${credentialMarker(id)}\n`;

describe('GitHubIssueTracker', () => {
  it('opens an issue, making the label first and dropping an assignee GitHub refuses', async () => {
    const { issue, warnings } = await tracker.openIssue({
      title: 'mTLS certificate needed for acme (sandbox)',
      body: bodyFor(ACME),
      labels: [LABEL],
      assignees: ['alice', 'mallory'],
    });
    expect(issue).toMatchObject({ number: 1, labels: [LABEL], assignees: ['alice'], author: BOT });
    expect(issue.url).toBe('https://github.com/octo-org/payments/issues/1');
    expect(warnings).toEqual([expect.stringContaining('Not assigned: mallory')]);
    expect(fake.state.calls).toEqual([
      'GET /repos/{owner}/{repo}/labels/{name} 404',
      'POST /repos/{owner}/{repo}/labels 201',
      'GET /repos/{owner}/{repo}/assignees/{assignee} 204',
      'GET /repos/{owner}/{repo}/assignees/{assignee} 404',
      'POST /repos/{owner}/{repo}/issues 201',
    ]);
  });

  it('warns when GitHub drops the label silently (a token without push access)', async () => {
    fake.state.pushAccess = false;
    const { issue, warnings } = await tracker.openIssue({
      title: 't',
      body: '',
      labels: [LABEL],
      assignees: [],
    });
    expect(issue.labels).toEqual([]);
    expect(warnings).toEqual([
      `GitHub did not set the label ${LABEL} on issue #1; later runs cannot find it.`,
    ]);
  });

  it('explains a label it may not create', async () => {
    fake.state.failures.push({ route: '/repos/{owner}/{repo}/labels', status: 403 });
    await expect(tracker.openIssue({ title: 't', body: '', labels: [LABEL], assignees: [] })).rejects.toThrow(
      /create the label mtls-rotation in octo-org\/payments: the token is not allowed to \(403.*"Issues: read and write"/,
    );
    expect(fake.state.issues).toEqual([]);
  });

  it('finds the oldest open issue of this credential, across pages, skipping others', async () => {
    seed({ body: bodyFor(ACME), state: 'closed' });
    seed({ body: bodyFor(OTHER) });
    seed({ body: bodyFor(ACME), isPullRequest: true });
    seed({ body: bodyFor(ACME), labels: ['bug'] });
    const oldest = seed({ body: bodyFor(ACME) });
    for (let i = 0; i < 120; i++) seed({ body: bodyFor(OTHER) });
    const newer = seed({ body: bodyFor(ACME) });
    const found = await tracker.findOpenIssue(LABEL, ACME);
    expect(found?.issue.number).toBe(oldest.number);
    expect(found?.duplicates).toEqual([newer.number]);
    expect(
      fake.state.calls.filter((call) => call.startsWith('GET /repos/{owner}/{repo}/issues ')),
    ).toHaveLength(2);
    expect(await tracker.findOpenIssue(LABEL, { ...ACME, clientId: 'nobody' })).toBeUndefined();
  });

  it('updates body and assignees, comments, and closes as completed', async () => {
    const seeded = seed({ body: bodyFor(ACME), assignees: ['alice'] });
    const updated = await tracker.updateIssue(seeded.number, {
      body: 'new body',
      assignees: ['carol', 'ghost'],
    });
    expect(updated.issue).toMatchObject({ body: 'new body', assignees: ['carol'] });
    expect(updated.warnings).toEqual([expect.stringContaining('ghost')]);
    const { url } = await tracker.comment(seeded.number, 'hello');
    expect(url).toMatch(/\/issues\/\d+#issuecomment-\d+$/);
    await tracker.closeCompleted(seeded.number);
    expect(seeded).toMatchObject({
      state: 'closed',
      stateReason: 'completed',
      comments: [{ body: 'hello' }],
    });
  });

  it('lists the comments since a moment in one call per 100, with the second of the moment itself', async () => {
    const issue = seed({ body: bodyFor(ACME) });
    const at = (second: number) => `2026-03-01T10:00:${String(second).padStart(2, '0')}Z`;
    issue.comments.push(
      { id: 900, author: 'alice', body: 'before', createdAt: at(4) },
      { id: 901, author: 'alice', body: 'same second', createdAt: at(5) },
      { id: 902, author: 'alice', body: 'edited later', createdAt: at(1), updatedAt: at(9) },
    );
    for (let i = 0; i < 120; i++)
      issue.comments.push({ id: 1000 + i, author: 'mallory', body: `${i}`, createdAt: at(6) });
    const comments = await tracker.commentsSince(issue.number, new Date(at(5)));
    expect(comments.map((c) => c.id).slice(0, 2)).toEqual([901, 902]);
    expect(comments).toHaveLength(122);
    expect(comments[0]).toEqual({
      id: 901,
      author: { login: 'alice', bot: false },
      body: 'same second',
      createdAt: new Date(at(5)),
      url: `https://github.com/octo-org/payments/issues/${issue.number}#issuecomment-901`,
    });
    expect(fake.state.calls.filter((call) => call.includes('/comments '))).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments 200',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments 200',
    ]);
    expect(await tracker.commentsSince(issue.number, undefined)).toHaveLength(123);
  });

  it("tells the tool's comments by author and marker, and what its replies answer", async () => {
    const issue = seed({ body: bodyFor(ACME) });
    const reminder = `${commentMarker({ kind: 'reminder' })}\nreminder`;
    issue.comments.push(
      { id: 900, author: BOT, body: reminder, createdAt: '2026-03-01T00:00:00Z' },
      { id: 901, author: 'mallory', body: reminder, createdAt: '2026-03-09T00:00:00Z' },
      { id: 902, author: BOT, body: `text\n${reminder}`, createdAt: '2026-03-10T00:00:00Z' },
      { id: 903, author: 'alice', body: 'a certificate', createdAt: '2026-03-11T00:00:00Z' },
      {
        id: 904,
        author: BOT,
        body: `${commentMarker({ kind: 'refused', answers: 903 })}\nno`,
        createdAt: '2026-03-12T00:00:00Z',
      },
    );
    const found = await tracker.findOpenIssue(LABEL, ACME);
    if (found === undefined) throw new Error('issue not found');
    expect(found.issue.createdAt).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(found.issue.reopened).toBe(false);
    const thread = readThread(
      await tracker.commentsSince(issue.number, undefined),
      found.issue.author,
      undefined,
    );
    expect(thread.lastReminderAt).toEqual(new Date('2026-03-01T00:00:00Z'));
    // 900 is a reminder; 902 is the bot's but not a marked comment (a bot's: skipped); 903 is answered by 904.
    expect(thread.open.map((c) => [c.id, c.author])).toEqual([[901, { login: 'mallory', bot: false }]]);
  });

  it('reads when a reopened issue was reopened, from its events', async () => {
    const issue = seed({
      body: bodyFor(ACME),
      stateReason: 'reopened',
      events: [
        { id: 50, event: 'closed', actor: BOT, createdAt: '2026-02-01T00:00:00Z' },
        { id: 51, event: 'reopened', actor: 'alice', createdAt: '2026-02-02T00:00:00Z' },
        { id: 52, event: 'closed', actor: BOT, createdAt: '2026-02-03T00:00:00Z' },
        { id: 53, event: 'reopened', actor: 'alice', createdAt: '2026-02-04T00:00:00Z' },
      ],
    });
    const found = await tracker.findOpenIssue(LABEL, ACME);
    expect(found?.issue.reopened).toBe(true);
    expect(await tracker.reopenedAt(issue.number)).toEqual(new Date('2026-02-04T00:00:00Z'));
    expect(await tracker.reopenedAt(seed({ body: 'x' }).number)).toBeUndefined();
  });

  it('reads roles: built-in role_name, custom roles by permission, none for strangers', async () => {
    expect(await tracker.permission('alice')).toBe('maintain');
    expect(await tracker.permission('carol')).toBe('write');
    expect(await tracker.permission('dave')).toBe('triage');
    expect(await tracker.permission('nobody-at-all')).toBeUndefined();
  });

  it('retries a 502 and explains a 403 naming the Issues permission', async () => {
    const issue = seed({ body: bodyFor(ACME) });
    fake.state.failures.push({ route: '/repos/{owner}/{repo}/issues/{issue_number}/comments', status: 502 });
    await tracker.comment(issue.number, 'after a 502');
    expect(issue.comments).toHaveLength(1);
    fake.state.failures.push({ route: '/repos/{owner}/{repo}/issues/{issue_number}', status: 403 });
    await expect(tracker.closeCompleted(issue.number)).rejects.toThrow(
      `Could not close rotation issue #${issue.number} in octo-org/payments: the token is not allowed to (403 "Resource not accessible by integration"). It needs the repository permission "Issues: read and write"`,
    );
    expect(issue.state).toBe('open');
  });
});
