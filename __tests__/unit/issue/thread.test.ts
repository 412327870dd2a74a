// Reading the rotation issue's comments since the request: what is open, what was answered, when the tool
// last reminded, and what a comment claims about the pending key. Pure; real certificates from the test CA.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commentMarker } from '../../../src/issue/marker.js';
import { claimOf, readThread, type IssueComment } from '../../../src/issue/thread.js';
import { issuedCredential, spkiSha256 } from '../../support/fixtures.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

const TOOL = 'github-actions[bot]';
const at = (iso: string) => new Date(iso);
let nextId = 100;

function comment(
  login: string,
  body: string,
  createdAt: string,
  bot = login.endsWith('[bot]'),
): IssueComment {
  const id = nextId++;
  return {
    id,
    author: { login, bot },
    body,
    createdAt: at(createdAt),
    url: `https://x/issues/1#issuecomment-${id}`,
  };
}

describe('readThread', () => {
  it('keeps people’s comments since the request, newest first, and leaves answered ones out', () => {
    const before = comment('alice', 'too early', '2026-03-01T09:59:59Z');
    const sameSecond = comment('alice', 'same second', '2026-03-01T10:00:00Z');
    const later = comment('bob', 'later', '2026-03-02T08:00:00Z');
    const answered = comment('carol', 'answered', '2026-03-02T09:00:00Z');
    const reply = comment(
      TOOL,
      `${commentMarker({ kind: 'refused', answers: answered.id })}\nno`,
      '2026-03-02T09:01:00Z',
    );
    const botComment = comment('renovate[bot]', 'beep', '2026-03-02T10:00:00Z');
    const typedBot = comment('helper', 'beep', '2026-03-02T10:00:01Z', true);
    const pastedMarker = comment(
      'mallory',
      `${commentMarker({ kind: 'installed', answers: later.id })}\nx`,
      '2026-03-03T00:00:00Z',
    );
    const thread = readThread(
      [before, sameSecond, later, answered, reply, botComment, typedBot, pastedMarker],
      TOOL,
      // The CSR variable's updated_at, with milliseconds GitHub does not report: compared in whole seconds.
      at('2026-03-01T10:00:00.400Z'),
    );
    expect(thread.open.map((c) => c.body)).toEqual([pastedMarker.body, 'later', 'same second']);
    expect(thread.lastReminderAt).toBeUndefined();
  });

  it('counts every comment without a `since` (the request time unknown)', () => {
    const old = comment('alice', 'old', '2020-01-01T00:00:00Z');
    expect(readThread([old], TOOL, undefined).open).toEqual([old]);
  });

  it('finds the last reminder among the tool’s comments only', () => {
    const reminder = (when: string, login = TOOL) =>
      comment(login, `${commentMarker({ kind: 'reminder' })}\nr`, when);
    const thread = readThread(
      [
        reminder('2026-03-05T00:00:00Z'),
        reminder('2026-03-09T00:00:00Z'),
        reminder('2026-03-07T00:00:00Z'),
        reminder('2026-03-20T00:00:00Z', 'mallory'),
      ],
      TOOL,
      undefined,
    );
    expect(thread.lastReminderAt).toEqual(at('2026-03-09T00:00:00Z'));
    expect(thread.open.map((c) => c.author.login)).toEqual(['mallory']);
  });
});

describe('claimOf', () => {
  let ca: TestCa;
  let pending: { keyPem: string; certPem: string };
  let other: { certPem: string };
  beforeAll(async () => {
    ca = await createTestCa();
    pending = await issuedCredential(ca, { daysLeft: 300 });
    other = await issuedCredential(ca, { daysLeft: 300 });
  });
  afterAll(() => ca.dispose());

  const claim = (body: string) =>
    claimOf(comment('alice', body, '2026-03-01T00:00:00Z'), spkiSha256(pending.keyPem));

  it('takes a certificate for the pending key, however it was pasted', () => {
    expect(claim(`here:\n\`\`\`\n${pending.certPem}\`\`\``)).toEqual({
      kind: 'certificate',
      pem: pending.certPem,
      notes: [],
    });
    expect(claim(Buffer.from(pending.certPem).toString('base64'))).toMatchObject({ kind: 'certificate' });
  });

  it('claims nothing for discussion, a certificate for another key, or two unrelated certificates', () => {
    expect(claim('thanks!')).toEqual({ kind: 'none' });
    expect(claim(other.certPem)).toEqual({ kind: 'none' });
    expect(claim(`${pending.certPem}\n${other.certPem}`)).toEqual({ kind: 'none' });
  });

  it('reports a private key with every form of it to mask', () => {
    const found = claim(`oops\n${pending.keyPem}`);
    expect(found.kind).toBe('private-key');
    const lines = pending.keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    expect(lines.length).toBeGreaterThan(5);
    if (found.kind !== 'private-key') throw new Error('expected a private key');
    for (const line of lines) expect(found.mask).toContain(line);
  });
});
