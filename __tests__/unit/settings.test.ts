import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/domain/errors.js';
import { readActionSettings } from '../../src/settings/settings.js';
import { asPromote, readInputs, type RawInputs, type ReadContext } from '../support/read-inputs.js';
import { tempDirSync } from '../support/temp.js';
import { createTestCa, makeKeyAndCsr, type TestCa } from '../support/test-ca.js';

const keyPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const workspace = tempDirSync('settings-ws-');

function read(inputs: RawInputs, context: Partial<ReadContext> = {}) {
  return readInputs(inputs, { workspace, ...context });
}

const base = {
  'client-id': 'acme',
  'github-token': 'ghp_x',
  repository: 'octo-org/payments',
  'github-api-url': 'https://api.github.com',
};

function inputError(inputs: RawInputs, context: Partial<ReadContext> = {}): InputError {
  try {
    read(inputs, context);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    const { settings, github } = read(base);
    expect(github).toEqual({
      token: 'ghp_x',
      owner: 'octo-org',
      repo: 'payments',
      apiUrl: 'https://api.github.com',
    });
    expect(settings).toMatchObject({
      mode: 'request',
      clientId: 'acme',
      mangopayEnvironment: 'sandbox',
      keyType: 'rsa-2048',
      keyFormat: 'base64',
      scope: { kind: 'repository' },
      renewBeforeDays: 30,
      force: false,
      dryRun: false,
      summary: true,
      names: {
        keySecret: 'MANGOPAY_MTLS_KEY',
        pendingKeySecret: 'MANGOPAY_MTLS_KEY_PENDING',
        previousKeySecret: 'MANGOPAY_MTLS_KEY_PREVIOUS',
        certificateVariable: 'MANGOPAY_MTLS_CERT',
        previousCertificateVariable: 'MANGOPAY_MTLS_CERT_PREVIOUS',
        csrVariable: 'MANGOPAY_MTLS_CSR',
      },
      artifact: { name: 'mangopay-mtls-csr-sandbox', fileName: 'acme-sandbox.csr', retentionDays: 30 },
    });
  });

  it('masks secrets even when validation then fails', () => {
    const masked: string[] = [];
    const base64 = Buffer.from(keyPem).toString('base64');
    const inputs: RawInputs = { ...base, mode: 'promote', 'pending-private-key': base64 };
    expect(() =>
      readActionSettings((name) => inputs[name] ?? '', {
        kind: 'action',
        workspace,
        workflowRepository: undefined,
        event: { kind: 'other', name: 'push' },
        mask: (v) => masked.push(v),
      }),
    ).toThrow(/Input 'certificate'/);
    expect(masked).toContain('ghp_x');
    expect(masked).toContain(base64);
    expect(masked).toContain(keyPem);
    expect(masked).toContain(keyPem.split('\n')[1]);
  });

  it('upper-cases names and derives pending/previous names', () => {
    const { settings } = read({
      ...base,
      'key-secret': 'prod_key',
      'certificate-variable': 'prod_cert',
      'csr-variable': 'prod_csr',
    });
    expect(settings.names).toEqual({
      keySecret: 'PROD_KEY',
      pendingKeySecret: 'PROD_KEY_PENDING',
      previousKeySecret: 'PROD_KEY_PREVIOUS',
      certificateVariable: 'PROD_CERT',
      previousCertificateVariable: 'PROD_CERT_PREVIOUS',
      csrVariable: 'PROD_CSR',
    });
  });

  it.each([
    [{ mode: 'rotate' }, 'mode'],
    [{ 'client-id': '' }, 'client-id'],
    [{ 'client-id': 'acme/O=Evil' }, 'client-id'],
    [{ 'mangopay-environment': 'prod' }, 'mangopay-environment'],
    [{ 'key-type': 'ec-256' }, 'key-type'],
    [{ 'key-format': 'der' }, 'key-format'],
    [{ 'github-token': '' }, 'github-token'],
    [{ repository: 'payments' }, 'repository'],
    [{ 'secret-scope': 'enterprise' }, 'secret-scope'],
    [{ 'secret-scope': 'environment' }, 'github-environment'],
    [{ 'github-environment': 'prod' }, 'github-environment'],
    [{ 'key-secret': 'GITHUB_KEY' }, 'key-secret'],
    [{ 'key-secret': '1KEY' }, 'key-secret'],
    [{ 'certificate-variable': 'my-cert' }, 'certificate-variable'],
    [{ 'csr-variable': 'MANGOPAY_MTLS_CERT' }, 'csr-variable'],
    [{ 'renew-before-days': '-1' }, 'renew-before-days'],
    [{ 'renew-before-days': '366' }, 'renew-before-days'],
    [{ 'renew-before-days': '1e3' }, 'renew-before-days'],
    [{ force: 'yes' }, 'force'],
    [{ 'dry-run': '1' }, 'dry-run'],
    [{ 'artifact-name': 'a/b' }, 'artifact-name'],
    [{ 'artifact-retention-days': '0' }, 'artifact-retention-days'],
    [{ 'artifact-retention-days': '91' }, 'artifact-retention-days'],
    [{ 'github-api-url': 'ftp://example' }, 'github-api-url'],
    [{ 'client-id': 'acme\u0007' }, 'client-id'],
    [{ 'client-id': 'x'.repeat(5000) }, 'client-id'],
  ])('refuses %j naming %s', (override, input) => {
    const error = inputError({ ...base, ...override });
    expect(error.input).toBe(input);
    expect(error.message).toMatch(new RegExp(`^Input '${input}': `));
  });

  it('reads certificate-file only from inside the workspace', () => {
    mkdirSync(path.join(workspace, 'certs'), { recursive: true });
    const outside = tempDirSync('outside-');
    writeFileSync(path.join(outside, 'cert.pem'), 'x');
    symlinkSync(path.join(outside, 'cert.pem'), path.join(workspace, 'certs', 'link.pem'));
    const promote = { ...base, mode: 'promote', 'pending-private-key': keyPem };
    expect(inputError({ ...promote, 'certificate-file': path.join(outside, 'cert.pem') }).message).toMatch(
      /inside the workspace/,
    );
    expect(inputError({ ...promote, 'certificate-file': '../x.pem' }).input).toBe('certificate-file');
    expect(inputError({ ...promote, 'certificate-file': 'certs/link.pem' }).message).toMatch(
      /inside the workspace/,
    );
    expect(inputError({ ...promote, 'certificate-file': 'certs/missing.pem' }).message).toMatch(/no file/);
  });

  it('requires exactly one certificate source and a pending key in promote', () => {
    const promote = { ...base, mode: 'promote' };
    expect(inputError(promote).input).toBe('certificate');
    expect(inputError({ ...promote, certificate: 'x', 'certificate-file': 'y' }).input).toBe('certificate');
    expect(
      inputError({ ...promote, certificate: 'not a certificate', 'pending-private-key': keyPem }).input,
    ).toBe('certificate');
  });

  describe('with a real certificate', () => {
    let ca: TestCa;
    let certificate: string;
    beforeAll(async () => {
      ca = await createTestCa();
      const { csrPem } = await makeKeyAndCsr();
      certificate = await ca.signCsr(csrPem, { days: 30 });
    });
    afterAll(() => ca.dispose());

    it('accepts the certificate as PEM, base64 of PEM, or a file in the workspace', () => {
      const promote = { ...base, mode: 'promote', 'pending-private-key': keyPem };
      const fromPem = asPromote(read({ ...promote, certificate }).settings);
      expect(fromPem.certificate).toEqual({ kind: 'given', pem: certificate, input: 'certificate' });
      const base64 = Buffer.from(certificate.replace(/\n/g, '\r\n')).toString('base64');
      expect(asPromote(read({ ...promote, certificate: base64 }).settings).certificate).toEqual({
        kind: 'given',
        pem: certificate,
        input: 'certificate',
      });
      writeFileSync(path.join(workspace, 'issued.pem'), certificate);
      const fromFile = asPromote(read({ ...promote, 'certificate-file': 'issued.pem' }).settings);
      expect(fromFile.certificate).toEqual({ kind: 'given', pem: certificate, input: 'certificate-file' });
    });

    it('takes the certificate from an issue_comment event only when neither input gives one', () => {
      const payload = { comment: { body: 'a certificate' } };
      const onComment = {
        workflowRepository: 'octo-org/payments',
        event: { kind: 'comment' as const, payload },
      };
      const promote = {
        ...base,
        mode: 'promote',
        'pending-private-key': keyPem,
        issue: 'true',
        'issue-token': 't',
      };
      expect(asPromote(read(promote, onComment).settings).certificate).toEqual({ kind: 'comment', payload });
      expect(asPromote(read({ ...promote, certificate }, onComment).settings).certificate).toEqual({
        kind: 'given',
        pem: certificate,
        input: 'certificate',
      });
      const withoutIssue = inputError({ ...promote, issue: 'false' }, onComment);
      expect(withoutIssue.message).toBe(
        "Input 'issue': must be true to promote from an issue comment (or give certificate)",
      );
      expect(inputError({ ...promote, issue: 'false' }).input).toBe('certificate');
    });

    it('requires the pending key in Actions', () => {
      expect(inputError({ ...base, mode: 'promote', certificate }).input).toBe('pending-private-key');
      expect(
        asPromote(read({ 'client-id': 'demo', mode: 'promote', certificate }, { inActions: false }).settings)
          .pendingKey,
      ).toEqual({ kind: 'stored' });
    });

    it.each([
      ['pending-private-key', 'not a key', /expected a PEM private key/],
      [
        'pending-private-key',
        '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----',
        /encrypted/,
      ],
      [
        'pending-private-key',
        '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        /does not parse/,
      ],
      ['current-private-key', 'Zm9v', /expected a PEM private key/],
      ['verify-url', 'http://mangopay.example', /https/],
      ['verify-url', 'https://user:pw@mangopay.example', /user name or password/],
      ['verify-url', 'not a url', /https/],
    ])('refuses %s = %j', (input, value, message) => {
      const inputs: RawInputs = {
        ...base,
        mode: 'promote',
        certificate,
        'pending-private-key': keyPem,
        [input]: value,
      };
      const error = inputError(inputs);
      expect(error.input).toBe(input);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('AAAA');
    });

    it('reads keys given as base64 of CRLF PEM', () => {
      const base64 = Buffer.from(keyPem.replace(/\n/g, '\r\n')).toString('base64');
      const settings = asPromote(
        read({
          ...base,
          mode: 'promote',
          certificate,
          'pending-private-key': base64,
          'current-private-key': keyPem,
        }).settings,
      );
      expect(settings.pendingKey).toEqual({ kind: 'given', pem: keyPem });
      expect(settings.currentPrivateKeyPem).toBe(keyPem);
    });
  });

  it('lets the CLI run without a token and read keys from the folder', () => {
    const { settings, github } = read({ 'client-id': 'demo', mode: 'check' }, { inActions: false });
    expect(github).toBeUndefined();
    expect(settings.mode).toBe('check');
  });

  it('refuses issue: true in the CLI, which has no issue tracker', () => {
    const error = inputError({ 'client-id': 'demo', issue: 'true' }, { inActions: false });
    expect(error.message).toBe(
      "Input 'issue': needs GitHub Actions: the command-line twin has no issue tracker; track the request by hand",
    );
  });

  it('reads the rotation issue settings in Actions', () => {
    const { issue, masked } = read(
      { ...base, issue: 'true', 'issue-token': 'ghs_issue', 'issue-assignees': '@octocat, hubot,octocat' },
      { workflowRepository: 'octo-org/ops' },
    );
    expect(issue).toEqual({
      token: 'ghs_issue',
      owner: 'octo-org',
      repo: 'ops',
      assignees: ['octocat', 'hubot'],
      label: 'mtls-rotation',
      promotePermission: 'write',
      reminderIntervalDays: 7,
    });
    expect(masked).toContain('ghs_issue');
    expect(
      inputError(
        { ...base, issue: 'true', 'issue-token': 't', 'issue-assignees': 'a b' },
        { workflowRepository: 'o/r' },
      ).input,
    ).toBe('issue-assignees');
    expect(
      inputError(
        { ...base, issue: 'true', 'issue-token': 't', 'promote-permission': 'triage' },
        { workflowRepository: 'o/r' },
      ).input,
    ).toBe('promote-permission');
  });

  it('notes inputs given in a mode that does not use them', () => {
    const { settings } = read({ ...base, mode: 'check', 'key-type': 'rsa-4096', 'verify-url': 'https://x' });
    expect(settings.notes).toEqual([
      "Input 'key-type' is not used in mode check; it was ignored.",
      "Input 'verify-url' is not used in mode check; it was ignored.",
    ]);
  });
});
