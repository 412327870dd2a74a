import { describe, expect, it } from '@jest/globals';
import type { CertificateInfo } from '../../src/domain/certificates.js';
import { outputsFor, renderSummary, renderText, statusLine } from '../../src/report/report.js';
import type {
  CheckedResult,
  CsrFacts,
  CurrentCertificate,
  NotDueResult,
  PromotedResult,
  RequestedResult,
} from '../../src/protocol/result.js';
import { readInputs } from '../support/read-inputs.js';

const settings = readInputs({ 'client-id': 'acme' }, { inActions: false, workspace: process.cwd() }).settings;
const info: CertificateInfo = {
  subject: 'CN=acme.sandbox.mangopay.com, O=Mangopay, C=LU',
  issuer: 'CN=Mangopay Test CA',
  serialNumber: '0A1B',
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: new Date('2027-01-01T00:00:00Z'),
  fingerprint256: 'AA:BB',
  commonName: 'acme.sandbox.mangopay.com',
  clientAuth: true,
  publicKeySha256: 'ab'.repeat(32),
};
const dueFrom = new Date('2026-12-02T00:00:00Z');
const current = (daysRemaining: number): CurrentCertificate => ({ info, daysRemaining, dueFrom });
const csrPem = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
const csr: CsrFacts = {
  pem: csrPem,
  publicKeySha256: 'ff',
  path: '/t/a.csr',
  artifact: { id: 42, location: 'artifact "x" of this run' },
};
const common = { dryRun: false, location: 'repository o/r', writes: [], warnings: [], issue: undefined };
const requested = (overrides: Partial<RequestedResult> = {}): RequestedResult => ({
  ...common,
  mode: 'request',
  state: 'requested',
  csr,
  current: undefined,
  ...overrides,
});
const notDue = (days: number): NotDueResult => ({
  ...common,
  mode: 'request',
  state: 'not-due',
  current: current(days),
});
const promoted: PromotedResult = {
  ...common,
  mode: 'promote',
  state: 'promoted',
  current: current(364),
  handshake: undefined,
};
const checked = (
  due: boolean,
  certificate: CurrentCertificate | undefined,
  pending = false,
): CheckedResult => ({
  ...common,
  mode: 'check',
  state: 'checked',
  current: certificate,
  pending,
  due,
});

describe('outputsFor', () => {
  it('sets the request outputs', () => {
    expect(outputsFor(requested())).toEqual({
      state: 'requested',
      'dry-run': 'false',
      rotated: 'true',
      csr: csrPem,
      'csr-path': '/t/a.csr',
      'public-key-sha256': 'ff',
      'artifact-id': '42',
    });
  });

  it('sets expiry for not-due, and pending/due only for check', () => {
    expect(outputsFor(notDue(33))).toEqual({
      state: 'not-due',
      'dry-run': 'false',
      rotated: 'false',
      'certificate-expires-at': '2027-01-01T00:00:00Z',
      'days-remaining': '33',
    });
    const check = outputsFor(checked(false, undefined, true));
    expect(check).toEqual({
      state: 'checked',
      'dry-run': 'false',
      rotated: 'false',
      pending: 'true',
      due: 'false',
    });
  });

  it('says rotated only for requested and promoted', () => {
    expect(outputsFor({ ...requested(), state: 'pending' }).rotated).toBe('false');
    expect(outputsFor(promoted).rotated).toBe('true');
    expect(outputsFor(promoted)['days-remaining']).toBe('364');
  });
});

describe('summary', () => {
  it('shows the CSR and next steps for requested and pending', () => {
    for (const result of [requested(), { ...requested(), state: 'pending' as const }]) {
      const markdown = renderSummary(result, settings);
      expect(markdown).toContain('```text\n-----BEGIN CERTIFICATE REQUEST-----');
      expect(markdown).toContain('### Next steps');
      expect(markdown).toContain('secrets.MANGOPAY_MTLS_KEY_PENDING');
      expect(markdown).toContain('artifact "x" of this run');
    }
  });

  it('has a status line a person can act on for every state', () => {
    const lines = [
      statusLine(requested(), settings),
      statusLine({ ...requested(), state: 'pending' }, settings),
      statusLine(notDue(33), settings),
      statusLine(promoted, settings),
      statusLine(checked(true, undefined), settings),
      statusLine(checked(true, current(-3)), settings),
      statusLine(checked(true, current(10)), settings),
      statusLine(checked(false, current(100)), settings),
    ];
    expect(lines).toEqual([
      expect.stringMatching(/Upload the CSR below in the Mangopay Dashboard, then run promote/),
      expect.stringMatching(/already pending/),
      expect.stringMatching(
        /valid until 2027-01-01T00:00:00Z \(33 days\); a request becomes due on 2026-12-02/,
      ),
      expect.stringMatching(/Installed the new certificate \(valid until 2027-01-01T00:00:00Z\)/),
      expect.stringMatching(/No current certificate .* a request is due/),
      expect.stringMatching(/^EXPIRED/),
      expect.stringMatching(/^Rotation due: .* \(10 days left\)/),
      expect.stringMatching(/^OK: .*a request becomes due on 2026-12-02T00:00:00Z/),
    ]);
  });

  it('says a dry run wrote nothing and escapes table cells', () => {
    const markdown = renderSummary(
      requested({ dryRun: true, writes: ['secret A'], warnings: ['a | b <c>'] }),
      settings,
    );
    expect(markdown).toContain('Dry run, nothing was written');
    expect(markdown).toContain('| Would write | secret A |');
    expect(markdown).toContain('a \\| b &lt;c&gt;');
  });

  it('renders a CLI report with the promote command', () => {
    const text = renderText(requested(), settings, 'npm start -- promote --client-id acme');
    expect(text).toContain(
      'Run: npm start -- promote --client-id acme --certificate-file <downloaded certificate>',
    );
    expect(text).toContain('CSR: /t/a.csr');
  });
});
