import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { assertMaskedFirst, findMaskProblems, keyMaskForms, type MaskForm } from '../support/mask-order.js';

// What @actions/core's setSecret prints.
const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const mask = (s: string) => `::add-mask::${esc(s)}`;

function newKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
}

describe('keyMaskForms', () => {
  let pem: string;
  beforeAll(() => {
    pem = newKeyPem();
  });

  it('lists the PEM, its CRLF variant, the base64 of both as files, and each body line', () => {
    const lines = pem.trim().split('\n');
    const values = keyMaskForms(pem).map((form) => form.value);
    expect(values).toEqual([
      pem.trim(),
      lines.join('\r\n'),
      Buffer.from(pem).toString('base64'),
      Buffer.from(`${lines.join('\r\n')}\r\n`).toString('base64'),
      ...lines.slice(1, -1),
    ]);
    expect(lines.length).toBeGreaterThan(20);
    expect(values.some((v) => /^-----(BEGIN|END)[^\n]*-----$/.test(v))).toBe(false);
  });

  it('reads the key as stored: base64 of the PEM, or PEM with CRLF and stray spaces', () => {
    expect(keyMaskForms(Buffer.from(pem).toString('base64'))).toEqual(keyMaskForms(pem));
    expect(keyMaskForms(`  ${pem.replace(/\n/g, ' \r\n')}`)).toEqual(keyMaskForms(pem));
  });

  it('names each form without its value', () => {
    for (const form of keyMaskForms(pem, 'stored KEY')) {
      expect(form.name).toMatch(/^stored KEY: /);
      expect(form.name).not.toContain(form.value);
    }
  });

  it('refuses a value that is not a key, rather than check nothing', () => {
    expect(() => keyMaskForms('not a key')).toThrow(/not PEM nor base64 of PEM/);
  });
});

describe('assertMaskedFirst', () => {
  let forms: MaskForm[];
  let box: MaskForm;
  let all: MaskForm[];
  let masks: string[];

  beforeAll(() => {
    forms = keyMaskForms(newKeyPem());
    box = { name: 'sealed box of KEY', value: randomBytes(300).toString('base64') };
    all = [...forms, box];
    masks = all.map((form) => mask(form.value));
  });

  it('passes when every form is masked before anything holds it', () => {
    const log = ['::group::Generate key', ...masks, 'Made a key', '::endgroup::', 'Stored'].join('\n');
    expect(findMaskProblems(log, all)).toEqual([]);
    expect(() => assertMaskedFirst(log, all)).not.toThrow();
  });

  it('passes when a value is printed after its mask (the runner hides it; the leak scan reports it)', () => {
    const log = [...masks, `debug: ${forms[4].value}`].join('\n');
    expect(findMaskProblems(log, all)).toEqual([]);
  });

  it('passes with the whole PEM masked before its lines: add-mask lines are never printed', () => {
    expect(findMaskProblems(masks.join('\n'), all)).toEqual([]);
  });

  it('fails on a late mask: a body line held by an earlier line', () => {
    const late = forms[6];
    const log = ['Starting', `::debug::line ${late.value}`, ...masks].join('\n');
    expect(findMaskProblems(log, all)).toEqual([
      `${late.name} is held by line 2, before its ::add-mask:: at line ${3 + all.indexOf(late)}`,
    ]);
  });

  it('fails on a late mask: the whole PEM printed across lines before it is masked', () => {
    const log = [forms[0].value, ...masks].join('\n');
    const problems = findMaskProblems(log, all);
    // The PEM and every body line it holds, not the CRLF or base64 forms.
    expect(problems).toHaveLength(forms.length - 3);
    expect(problems[0]).toMatch(/^key: PEM is held by line 1, before its ::add-mask:: at line \d+$/);
  });

  it('fails when the CRLF forms are missing', () => {
    const noCrlf = all.filter((form) => !form.value.includes('\r\n') && !form.name.includes('CRLF'));
    const log = noCrlf.map((form) => mask(form.value)).join('\n');
    expect(findMaskProblems(log, all)).toEqual([
      'key: PEM with CRLF is never registered with ::add-mask::',
      'key: base64 of the PEM with CRLF is never registered with ::add-mask::',
    ]);
    expect(() => assertMaskedFirst(log, all)).toThrow(/PEM with CRLF is never registered/);
  });

  it('fails when the sealed box is not masked, and never shows the values', () => {
    const log = masks.slice(0, -1).join('\n');
    let message = '';
    try {
      assertMaskedFirst(log, all);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain('sealed box of KEY is never registered');
    for (const form of all) expect(message).not.toContain(form.value);
  });

  it('counts a mask only when the runner processes it (escaping undone, not after stop-commands)', () => {
    const crlf = forms[1];
    // Unescaped CR/LF in the command would be two lines: not a mask of the CRLF PEM.
    const raw = masks.map((line, i) => (i === 1 ? `::add-mask::${crlf.value}` : line)).join('\n');
    expect(findMaskProblems(raw, all)).toContain(`${crlf.name} is never registered with ::add-mask::`);
    const stopped = ['::stop-commands::tok', masks[2], '::tok::', ...masks.filter((_m, i) => i !== 2)];
    expect(findMaskProblems(stopped.join('\n'), all)).toEqual([
      `${forms[2].name} is never registered with ::add-mask::`,
    ]);
  });

  it('refuses to check an empty list', () => {
    expect(() => assertMaskedFirst('anything', [])).toThrow(/no forms/);
  });
});
