// export over in-memory ports: what it hands out, its warnings, its refusals (no file written), its masks.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RefusedError } from '../../../src/domain/errors.js';
import { exportCredential } from '../../../src/protocol/modes/export.js';
import type { ExportOfPairs } from '../../../src/settings/export.js';
import { issuedCredential, spkiSha256 } from '../../support/fixtures.js';
import { MemoryCredentialFiles } from '../../support/memory/credential-files.js';
import { readExportInputs, type RawInputs } from '../../support/read-inputs.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

let ca: TestCa;
let current: { keyPem: string; certPem: string };
let previous: { keyPem: string; certPem: string };
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  ca = await createTestCa();
  current = await issuedCredential(ca, { daysLeft: 200 });
  previous = await issuedCredential(ca, { daysLeft: 20 });
});
afterAll(() => ca.dispose());

async function run(inputs: RawInputs) {
  const files = new MemoryCredentialFiles();
  const log: string[] = [];
  const masked: string[] = [];
  const read = readExportInputs({ mode: 'export', ...inputs }, { workspace: '/nowhere' }).settings;
  if (read.source.kind !== 'inputs') throw new Error('the action reads export from its inputs');
  const settings: ExportOfPairs = { ...read, source: read.source };
  const outcome = await exportCredential(settings, {
    files,
    log: {
      info: (text) => log.push(`info ${text}`),
      warning: (text) => log.push(`warning ${text}`),
      debug: () => undefined,
      group: (_name, fn) => fn(),
    },
    mask: (value) => masked.push(value),
    now: () => new Date(),
  }).catch((error: unknown) => error);
  return { outcome, files, log, masked };
}

describe('export (protocol)', () => {
  it('hands out the current pair and masks the key output before returning it', async () => {
    const { outcome, files, masked } = await run({
      'private-key': current.keyPem,
      certificate: current.certPem,
    });
    expect(files.written).toEqual([{ keyPem: current.keyPem, certificatePem: current.certPem }]);
    expect(outcome).toMatchObject({
      state: 'exported',
      used: 'current',
      keyBase64: b64(current.keyPem),
      certificateBase64: b64(current.certPem),
      publicKeySha256: spkiSha256(current.certPem),
      warnings: [],
    });
    expect(masked).toContain(b64(current.keyPem));
  });

  it('warns when it hands out the previous pair, and when that one is within renew-before-days', async () => {
    const { outcome, log } = await run({
      'private-key': previous.keyPem,
      certificate: current.certPem,
      'previous-private-key': previous.keyPem,
      'previous-certificate': previous.certPem,
    });
    expect(outcome).toMatchObject({ used: 'previous', keyBase64: b64(previous.keyPem) });
    const warnings = log.filter((line) => line.startsWith('warning '));
    expect(warnings).toEqual([
      expect.stringContaining(
        `the current key does not match the current certificate (current key: public key SHA-256 ` +
          `${spkiSha256(previous.keyPem)}; current certificate: public key SHA-256 ${spkiSha256(current.certPem)})`,
      ),
      expect.stringMatching(
        /^warning The previous certificate expires on \S+: 19 days left \(renew-before-days is 30\)/,
      ),
    ]);
  });

  it('refuses with nothing written when no pair is usable', async () => {
    const { outcome, files } = await run({ 'private-key': previous.keyPem, certificate: current.certPem });
    expect(outcome).toBeInstanceOf(RefusedError);
    expect(files.written).toEqual([]);
  });
});
