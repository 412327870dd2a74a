// export's and rollback's inputs: one settings object per mode, errors naming the input and the form, every
// form of every key masked first, and export needing neither a token nor a client id.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issuedCredential } from '../support/fixtures.js';
import { readExportInputs, readInputs } from '../support/read-inputs.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { requiredMaskForms } from './protocol/key-forms.js';

let ca: TestCa;
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };
const b64 = (text: string) => Buffer.from(text).toString('base64');
const action = { workspace: '/nowhere' };

beforeAll(async () => {
  ca = await createTestCa();
  current = await issuedCredential(ca, { daysLeft: 200 });
  previous = await issuedCredential(ca, { daysLeft: 20 });
});
afterAll(() => ca.dispose());

describe('export settings', () => {
  it('need no github-token nor client-id, and take PEM or base64 with CRLF and spaces', () => {
    const { settings } = readExportInputs(
      {
        mode: 'export',
        'private-key': ` ${b64(current.keyPem)}\r\n`,
        certificate: current.certPem.replace(/\n/g, '\r\n'),
        'previous-private-key': previous.keyPem,
        'previous-certificate': ` ${b64(previous.certPem)} `,
      },
      action,
    );
    expect(settings).toEqual({
      mode: 'export',
      source: {
        kind: 'inputs',
        current: { keyPem: current.keyPem, certificatePem: current.certPem },
        previous: { keyPem: previous.keyPem, certificatePem: previous.certPem },
      },
      renewBeforeDays: 30,
      summary: true,
      notes: [],
    });
  });

  it('mask every form of both keys before reading anything', () => {
    const { masked } = readExportInputs(
      {
        mode: 'export',
        'private-key': current.keyPem,
        certificate: current.certPem,
        'previous-private-key': b64(previous.keyPem),
        'previous-certificate': previous.certPem,
      },
      action,
    );
    for (const form of [...requiredMaskForms(current.keyPem), ...requiredMaskForms(previous.keyPem)])
      expect(masked).toContain(form);
  });

  it.each([
    [{ certificate: 'CURRENT_CERT' }, /^Input 'private-key': is required in export mode/],
    [{ 'private-key': 'KEY' }, /^Input 'private-key': expected a PEM private key .* or the base64 of one$/],
    [{ 'private-key': 'CURRENT_KEY' }, /^Input 'certificate': is required in export mode/],
    [
      { 'private-key': 'CURRENT_KEY', certificate: 'CURRENT_CERT', 'previous-private-key': 'PREVIOUS_KEY' },
      /^Input 'previous-certificate': previous-private-key and previous-certificate go together/,
    ],
    [
      { 'private-key': 'CURRENT_KEY', certificate: 'CURRENT_CERT', 'previous-certificate': 'CURRENT_CERT' },
      /^Input 'previous-private-key': previous-private-key and previous-certificate go together/,
    ],
  ])('refuse %j', (given, message) => {
    const values: Record<string, string> = {
      CURRENT_KEY: current.keyPem,
      CURRENT_CERT: current.certPem,
      PREVIOUS_KEY: previous.keyPem,
    };
    const inputs = Object.fromEntries(
      Object.entries(given).map(([name, value]) => [name, values[value] ?? value]),
    );
    expect(() => readExportInputs({ mode: 'export', ...inputs }, action)).toThrow(message);
  });
});

describe('rollback settings', () => {
  it('need both keys in Actions, naming each input and the secret to pass', () => {
    const base = {
      mode: 'rollback',
      'client-id': 'acme',
      'github-token': 't',
      repository: 'octo-org/payments',
    };
    expect(() => readInputs({ ...base, 'previous-private-key': previous.keyPem }, action)).toThrow(
      "Input 'current-private-key': is required in rollback mode: pass ${{ secrets.MANGOPAY_MTLS_KEY }}",
    );
    expect(() => readInputs({ ...base, 'current-private-key': current.keyPem }, action)).toThrow(
      "Input 'previous-private-key': is required in rollback mode: pass ${{ secrets.MANGOPAY_MTLS_KEY_PREVIOUS }}",
    );
  });

  it('still need github-token and client-id, which action.yml no longer marks required', () => {
    const keys = {
      mode: 'rollback',
      repository: 'octo-org/payments',
      'current-private-key': current.keyPem,
      'previous-private-key': previous.keyPem,
    };
    expect(() => readInputs({ ...keys, 'client-id': 'acme' }, action)).toThrow(
      /^Input 'github-token': is required/,
    );
    expect(() => readInputs({ ...keys, 'github-token': 't' }, action)).toThrow(
      /^Input 'client-id': is required/,
    );
  });
});
