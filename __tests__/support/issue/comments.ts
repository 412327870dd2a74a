// issue_comment events as GitHub sends them, for driving promote from a comment through the bundle.
import { startTestBed, type TestBed } from '../e2e.js';
import type { FakeIssue, FakeUser } from '../fake-issues.js';

export const ISSUE_TOKEN = 'fake-issue-token-0002';

/** The users of the workflow's repository: who may promote, who may not, and the action's own bot. */
export const USERS: FakeUser[] = [
  { login: 'github-actions[bot]', type: 'Bot' },
  { login: 'octocat', role: { role_name: 'maintain', permission: 'write' } },
  { login: 'reader', role: { role_name: 'read', permission: 'read' } },
  { login: 'renovate[bot]', type: 'Bot', role: { role_name: 'write', permission: 'write' } },
];

/** The loopback GitHub for rotation-issue runs: both tokens accepted, the issue token's identity, USERS. */
export async function startIssueTestBed(): Promise<TestBed> {
  const bed = await startTestBed({
    tokens: { 'fake-github-token-0001': {}, [ISSUE_TOKEN]: {} },
    issueToken: ISSUE_TOKEN,
  });
  bed.github.issues.users = USERS;
  return bed;
}

let nextCommentId = 9000;

export function commentEvent(issue: FakeIssue, login: string, body: string, type: 'User' | 'Bot' = 'User') {
  return {
    action: 'created',
    issue: {
      number: issue.number,
      html_url: `https://github.com/octo-org/payments/issues/${issue.number}`,
      title: issue.title,
      body: issue.body,
      labels: issue.labels.map((name) => ({ name })),
      state: issue.state,
      user: { login: issue.author, type: 'Bot' },
    },
    comment: {
      id: nextCommentId++,
      html_url: `https://github.com/octo-org/payments/issues/${issue.number}#issuecomment-1`,
      body,
      user: { login, type },
      created_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    repository: { full_name: 'octo-org/payments' },
    sender: { login, type },
  };
}

/** A person's reply as they would paste it: prose, then the PEM in a fenced block, CRLF from a browser. */
export function pastedReply(pem: string): string {
  return `Uploaded the CSR, here is the certificate:\r\n\r\n\`\`\`\r\n${pem.trim().replace(/\n/g, '\r\n')}\r\n\`\`\`\r\n`;
}
