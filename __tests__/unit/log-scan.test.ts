import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import {
  assertNoKeyLeak,
  findKeyLeaks,
  fingerprint,
  keyForms,
  maskedValues,
  parseCommandLine,
  parseWorkflowCommands,
} from '../support/log-scan.js';

// What @actions/core's setSecret prints.
const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const mask = (s: string) => `::add-mask::${esc(s)}`;

function newKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
}

/** The error thrown for `log`, checked to name no secret. */
function leakError(log: string, secrets: string[]): string {
  let message = '';
  try {
    assertNoKeyLeak(log, secrets);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).not.toBe('');
  for (const s of secrets) expect(message).not.toContain(s);
  return message;
}

describe('keyForms', () => {
  let pem: string;
  beforeAll(() => {
    pem = newKeyPem();
  });

  it('lists the whole PEM (LF and CRLF), each body line and the base64 of the PEM', () => {
    const forms = keyForms(pem);
    const body = pem.trim().split('\n').slice(1, -1);
    expect(forms[0]).toBe(pem.trim());
    expect(forms[1]).toBe(pem.trim().replace(/\n/g, '\r\n'));
    expect(forms.slice(2, -1)).toEqual(body);
    expect(forms.at(-1)).toBe(Buffer.from(pem).toString('base64'));
    expect(forms.some((f) => f.includes('-----BEGIN') && !f.includes('\n'))).toBe(false);
    expect(forms.at(-1)).not.toMatch(/\s/);
  });

  it('gives the same forms for a CRLF PEM with stray whitespace', () => {
    expect(keyForms(`  ${pem.replace(/\n/g, '\r\n')}  \n`)).toEqual(keyForms(pem));
  });
});

describe('assertNoKeyLeak', () => {
  let pem: string;
  let forms: string[];
  let masks: string;
  const publicCsr =
    '-----BEGIN CERTIFICATE REQUEST-----\nMIICxDCCAawCAQAwfzELMAkGA1UEBhMCTFUx\n-----END CERTIFICATE REQUEST-----';

  beforeAll(() => {
    pem = newKeyPem();
    forms = keyForms(pem);
    masks = forms.map(mask).join('\n');
  });

  it('passes a clean log', () => {
    const log = `${masks}\nGenerating key\n${publicCsr}\n::notice::CSR ready\n::error::nothing to see\n`;
    expect(() => assertNoKeyLeak(log, forms)).not.toThrow();
    expect(findKeyLeaks(log, forms)).toEqual([]);
  });

  it('passes a log that holds the key only inside add-mask commands', () => {
    expect(() => assertNoKeyLeak(masks, forms)).not.toThrow();
    // The whole PEM masked first carries every body line before their own masks: not a use.
    const pemFirst = [mask(pem), ...forms.slice(2).map(mask)].join('\n');
    expect(() =>
      assertNoKeyLeak(
        pemFirst,
        forms.filter((f) => !f.includes('\r')),
      ),
    ).not.toThrow();
  });

  it('fails on each form printed, naming the form and line but not the secret', () => {
    const names = [
      'whole PEM',
      'whole PEM (CRLF)',
      ...forms.slice(2, -1).map(() => 'PEM body line'),
      'base64 of the PEM',
    ];
    forms.forEach((form, i) => {
      const log = `${masks}\nstep one\nvalue: ${form}\n`;
      const message = leakError(log, forms);
      expect(message).toContain(
        `${names[i]} [secrets[${i}]; ${fingerprint(form)}] printed at line ${forms.length + 2}`,
      );
    });
  });

  it('fails when a secret is printed before its mask', () => {
    const line = forms[5];
    const message = leakError(`${line}\n${masks}\n`, forms);
    expect(message).toMatch(/PEM body line .* printed at line 1 before its ::add-mask:: at line \d+/);
  });

  it('fails when a secret is printed and never masked', () => {
    const b64 = forms.at(-1)!;
    expect(leakError(`export KEY=${b64}\n`, [b64])).toMatch(
      /base64 of the PEM .* printed at line 1 and never masked/,
    );
  });

  it('unescapes add-mask values, so an escaped multi-line mask counts', () => {
    const log = `::add-mask::${esc(pem)}\nrest\n`;
    expect(maskedValues(log)).toEqual([pem]);
    expect(() => assertNoKeyLeak(log, [pem])).not.toThrow();
    // Leading whitespace is trimmed by the runner too.
    expect(() => assertNoKeyLeak(`   ${mask(forms[3])}\n`, [forms[3]])).not.toThrow();
  });

  it('finds a PEM escaped inside another workflow command', () => {
    const log = `${masks}\n::debug::key is ${esc(pem)}\n`;
    expect(leakError(log, [forms[0]])).toMatch(/whole PEM .* printed at line \d+/);
  });

  it('finds a PEM printed across lines, with LF or CRLF', () => {
    expect(leakError(`${masks}\n${pem}`, forms)).toMatch(/whole PEM \[/);
    expect(leakError(`${masks}\r\n${pem.replace(/\n/g, '\r\n')}`, forms)).toMatch(/whole PEM \(CRLF\)/);
  });

  it('flags any PRIVATE KEY marker, and any base64 key, even of keys it was not told about', () => {
    expect(leakError('-----BEGIN PRIVATE KEY-----\n', [])).toMatch(
      /'PRIVATE KEY-----' marker printed at line 1/,
    );
    const other = Buffer.from(newKeyPem()).toString('base64');
    expect(leakError(`x\nKEY=${other}\n`, [])).toMatch(/base64-encoded private key PEM printed at line 2/);
    expect(() => assertNoKeyLeak(`::add-mask::${other}\n`, [])).not.toThrow();
  });

  it('does not count add-mask lines the runner would not process (stop-commands)', () => {
    const log = `::stop-commands::pause123\n${mask(forms[2])}\n::pause123::\n`;
    expect(leakError(log, [forms[2]])).toMatch(/printed at line 2 and never masked/);
  });
});

describe('workflow command parsing', () => {
  it('parses properties and unescapes them like the runner', () => {
    expect(parseCommandLine('::error file=a%3Ab%2Cc.ts,line=3,title=::100%25%0Adone\r')).toEqual({
      command: 'error',
      props: { file: 'a:b,c.ts', line: '3' },
      message: '100%\ndone',
      line: 0,
    });
  });

  it('ignores lines that are not registered commands', () => {
    expect(parseCommandLine('::not-a-command::x')).toBeUndefined();
    expect(parseCommandLine('text ::error::x')).toBeUndefined();
    expect(parseCommandLine('::error x')).toBeUndefined();
  });

  it('numbers lines and honours stop-commands', () => {
    const log = 'a\n::warning::w\n::stop-commands::tok\n::error::hidden\n::tok::\n::notice::n';
    expect(parseWorkflowCommands(log).map((c) => [c.command, c.line])).toEqual([
      ['warning', 2],
      ['stop-commands', 3],
      ['notice', 6],
    ]);
  });
});
