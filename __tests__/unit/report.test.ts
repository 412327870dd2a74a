import { describe, expect, it } from '@jest/globals';
import type { CertificateInfo } from '../../src/certificates.js';
import { outputsFor, renderSummary, renderText, statusLine } from '../../src/report.js';
import type { RunResult } from '../../src/result.js';
import { readSettings } from '../../src/settings.js';

const settings = readSettings((name) => ({ 'client-id': 'acme' })[name] ?? '', {
  inActions: false,
  workspace: process.cwd(),
  mask: () => undefined,
});
const certificate: CertificateInfo = {
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
const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';

function result(overrides: Partial<RunResult>): RunResult {
  return {
    mode: 'request',
    state: 'requested',
    dryRun: false,
    rotated: false,
    location: 'repository o/r',
    writes: [],
    warnings: [],
    ...overrides,
  };
}

describe('outputsFor', () => {
  it('sets the request outputs', () => {
    expect(
      outputsFor(
        result({ rotated: true, csrPem: csr, csrPath: '/t/a.csr', publicKeySha256: 'ff', artifactId: 42 }),
      ),
    ).toEqual({
      state: 'requested',
      'dry-run': 'false',
      rotated: 'true',
      csr,
      'csr-path': '/t/a.csr',
      'public-key-sha256': 'ff',
      'artifact-id': '42',
    });
  });

  it('sets expiry for not-due, and pending/due only for check', () => {
    const notDue = outputsFor(result({ state: 'not-due', certificate, daysRemaining: 33 }));
    expect(notDue).toEqual({
      state: 'not-due',
      'dry-run': 'false',
      rotated: 'false',
      'certificate-expires-at': '2027-01-01T00:00:00Z',
      'days-remaining': '33',
    });
    const checked = outputsFor(result({ mode: 'check', state: 'checked', pending: true, due: false }));
    expect(checked).toMatchObject({ state: 'checked', pending: 'true', due: 'false' });
    expect(checked['certificate-expires-at']).toBeUndefined();
  });
});

describe('summary', () => {
  it('shows the CSR and next steps for requested and pending', () => {
    for (const state of ['requested', 'pending'] as const) {
      const markdown = renderSummary(
        result({ state, csrPem: csr, artifactLocation: 'artifact "x" of this run' }),
        settings,
      );
      expect(markdown).toContain('```text\n-----BEGIN CERTIFICATE REQUEST-----');
      expect(markdown).toContain('### Next steps');
      expect(markdown).toContain('secrets.MANGOPAY_MTLS_KEY_PENDING');
    }
  });

  it('has a status line a person can act on for every state', () => {
    const dueFrom = new Date('2026-12-02T00:00:00Z');
    const lines = [
      statusLine(result({ state: 'requested' }), settings),
      statusLine(result({ state: 'pending' }), settings),
      statusLine(result({ state: 'not-due', certificate, daysRemaining: 33, dueFrom }), settings),
      statusLine(result({ state: 'promoted', certificate }), settings),
      statusLine(result({ state: 'checked', due: true, certificate: undefined }), settings),
      statusLine(result({ state: 'checked', due: true, certificate, daysRemaining: -3 }), settings),
      statusLine(result({ state: 'checked', due: true, certificate, daysRemaining: 10 }), settings),
      statusLine(
        result({ state: 'checked', due: false, certificate, daysRemaining: 100, dueFrom }),
        settings,
      ),
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
      expect.stringMatching(/^OK: /),
    ]);
  });

  it('says a dry run wrote nothing and escapes table cells', () => {
    const markdown = renderSummary(
      result({ dryRun: true, writes: ['secret A'], warnings: ['a | b <c>'] }),
      settings,
    );
    expect(markdown).toContain('Dry run, nothing was written');
    expect(markdown).toContain('| Would write | secret A |');
    expect(markdown).toContain('a \\| b &lt;c&gt;');
  });

  it('renders a CLI report with the promote command', () => {
    const text = renderText(
      result({ csrPath: '/s/a.csr' }),
      settings,
      'npm start -- promote --client-id acme',
    );
    expect(text).toContain(
      'Run: npm start -- promote --client-id acme --certificate-file <downloaded certificate>',
    );
    expect(text).toContain('CSR: /s/a.csr');
  });
});
