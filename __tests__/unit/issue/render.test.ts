// What the tool writes on the issue: the facts a person needs, and never a block the comment reader would take.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { certificateFromComment } from '../../../src/issue/comment-certificate.js';
import {
  parseCommentMarker,
  parseCredentialMarker,
  parseRequestMarker,
  type CredentialId,
} from '../../../src/issue/marker.js';
import {
  installedReply,
  issueBody,
  issueTitle,
  permissionReply,
  privateKeyReply,
  refusedReply,
  reminderComment,
  type IssueBodyInput,
} from '../../../src/issue/render.js';
import { issuedCredential } from '../../support/fixtures.js';
import { createTestCa, makeKeyAndCsr, type TestCa } from '../../support/test-ca.js';

const ACME: CredentialId = {
  target: 'octo-org/payments',
  scope: 'environment',
  githubEnvironment: 'production',
  clientId: 'acme',
  mangopayEnvironment: 'production',
};
const SHA = 'ab'.repeat(32);
const RUN = 'https://github.com/octo-org/payments/actions/runs/42';
const NOW = new Date('2026-06-10T12:00:00Z');
const REMINDER = { now: NOW, runUrl: RUN, artifactUrl: undefined };

let ca: TestCa;
let certPem: string;
let keyPem: string;
let input: IssueBodyInput;
beforeAll(async () => {
  ca = await createTestCa();
  ({ certPem, keyPem } = await issuedCredential(ca, { daysLeft: 10 }));
  const { csrPem } = await makeKeyAndCsr();
  input = {
    credential: ACME,
    csrPem,
    publicKeySha256: SHA,
    currentNotAfter: new Date('2026-06-20T10:00:00Z'),
    forced: false,
    now: NOW,
    runUrl: RUN,
    artifactUrl: `${RUN}/artifacts/7`,
    artifactName: 'mangopay-mtls-csr-production',
    promoteWorkflow: 'mtls-promote.yml',
    assignees: ['alice', 'bob'],
  };
});
afterAll(() => ca.dispose());

/** Everything the tool can write, with hostile outside text where it takes any. */
function everyText(): string[] {
  const b64 = Buffer.from(certPem).toString('base64');
  return [
    issueBody(input),
    issueBody({ ...input, currentNotAfter: undefined, artifactUrl: undefined, promoteWorkflow: undefined }),
    installedReply(
      {
        serialNumber: '0A1B',
        issuer: `CN=x ${certPem}`,
        notAfter: NOW,
        publicKeySha256: SHA,
        runUrl: RUN,
      },
      101,
    ),
    refusedReply(`issuer differs @everyone \`code\`: ${certPem} / ${b64} / ${keyPem}`, RUN, 102),
    permissionReply('mallory', 'read', 'write', 103),
    privateKeyReply(104),
    reminderComment({ ...REMINDER, assignees: ['alice'], notAfter: NOW }),
    installedReply(
      { serialNumber: '0A1B', issuer: 'CN=CA', notAfter: NOW, publicKeySha256: SHA, runUrl: RUN },
      undefined,
    ),
  ];
}

describe('render', () => {
  it('titles the issue with the client id and Mangopay environment', () => {
    expect(issueTitle('acme', 'sandbox')).toBe('mTLS certificate needed for acme (sandbox)');
  });

  it('writes the body: why now, steps, the CSR fenced, its digest, links, both markers', () => {
    const body = issueBody(input);
    expect(body).toContain('**Why now:** the current certificate expires on 2026-06-20T10:00:00Z.');
    expect(body).toContain('Upload this CSR in the Mangopay Dashboard');
    expect(body).toContain('2. Reply to this issue with the certificate');
    expect(body).toContain('3. Or run the promote workflow (`mtls-promote.yml`)');
    expect(body).toContain(`\`\`\`\n${input.csrPem.trim()}\n\`\`\``);
    expect(body).toContain(`Public key SHA-256: \`${SHA}\``);
    expect(body).toContain(`[this run](${RUN})`);
    expect(body).toContain(`(${RUN}/artifacts/7)`);
    expect(parseCredentialMarker(body)).toEqual(ACME);
    expect(parseRequestMarker(body)).toEqual({ publicKeySha256: SHA, assignees: ['alice', 'bob'] });
    expect(issueBody({ ...input, currentNotAfter: undefined })).toContain('no certificate is installed yet');
    expect(issueBody({ ...input, currentNotAfter: new Date('2026-06-01T00:00:00Z') })).toContain(
      'expired on 2026-06-01',
    );
  });

  it('never writes a certificate or key block, so nothing it writes reads as a certificate', () => {
    const texts = everyText();
    expect(texts).toHaveLength(8);
    for (const text of texts) {
      expect(text).not.toMatch(/-----BEGIN (?!CERTIFICATE REQUEST-----)/);
      expect(text).not.toContain(certPem.split('\n')[1]);
      expect(text).not.toContain(keyPem.split('\n')[1]);
      expect(certificateFromComment(text).kind).toBe('none');
    }
  });

  it('marks every comment with its kind and the comment it answers, and defuses mentions in outside text', () => {
    const [, , installed, refused, permission, key, reminder, dispatched] = everyText();
    expect([installed, refused, permission, key, reminder, dispatched].map(parseCommentMarker)).toEqual([
      { kind: 'installed', answers: 101 },
      { kind: 'refused', answers: 102 },
      { kind: 'permission', answers: 103 },
      { kind: 'private-key', answers: 104 },
      { kind: 'reminder' },
      { kind: 'installed', answers: undefined },
    ]);
    expect(refused).toContain('Nothing was written.');
    expect(refused).not.toContain('@everyone');
    expect(refused).toContain(
      'Reason: ``issuer differs @\u200beveryone `code`: [PEM block removed] / […] / [PEM block removed]``',
    );
  });

  it('replies with the installed facts, the permission refusal and the key warning', () => {
    const installed = installedReply(
      { serialNumber: '0A1B', issuer: 'CN=Mangopay CA', notAfter: NOW, publicKeySha256: SHA, runUrl: RUN },
      7,
    );
    expect(installed).toContain('- Serial: `0A1B`');
    expect(installed).toContain('- Issuer: `CN=Mangopay CA`');
    expect(installed).toContain('- Valid until: 2026-06-10T12:00:00Z');
    expect(installed).toContain(`- Public key SHA-256: \`${SHA}\``);
    expect(permissionReply('mallory', 'triage', 'write', 7)).toContain('`mallory` has the triage role');
    expect(permissionReply('mallory', undefined, 'write', 7)).toContain('has no role');
    expect(privateKeyReply(7)).toContain('Treat that key as exposed');
  });

  it('reminds with mentions and the days left, or the expiry, and links the run that reminds', () => {
    const at = (iso: string) => new Date(iso);
    const soon = reminderComment({
      ...REMINDER,
      assignees: ['alice', 'bob'],
      notAfter: at('2026-06-13T13:00:00Z'),
      artifactUrl: `${RUN}/artifacts/9`,
    });
    expect(soon).toContain(
      '@alice @bob reminder: this request is still pending and the current certificate expires in 3 days (2026-06-13T13:00:00Z)',
    );
    expect(soon).toContain(
      `[This run](${RUN}) found it pending (the CSR again: [artifact](${RUN}/artifacts/9)).`,
    );
    const expired = reminderComment({ ...REMINDER, assignees: [], notAfter: at('2026-06-09T00:00:00Z') });
    expect(expired).toContain(
      'Reminder: this request is still pending and the current certificate expired on 2026-06-09T00:00:00Z',
    );
    expect(expired).toContain(`[This run](${RUN}) found it pending.`);
    expect(reminderComment({ ...REMINDER, assignees: ['x y'], notAfter: undefined })).toContain('Reminder: ');
  });
});
