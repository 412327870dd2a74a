// Checks the masking itself, not only its effect: each form of a key the run stored or received, and each
// sealed box it stored, must be registered with ::add-mask:: before any line that holds it, and registered at
// all. The leak scan (log-scan.ts) only proves nothing was printed in this run; this proves the runner would
// have hidden it had something been printed. The forms are derived here, from the key the fake GitHub opened,
// without the product's own list of forms, so a form dropped in src/ shows up as missing.
import { firstUse, viewLog } from './log-scan.js';

export interface MaskForm {
  /** What the form is, never the value itself: used in failure messages. */
  name: string;
  value: string;
}

const BEGIN_END = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Every form of a private key that must be masked: the PEM with LF and with CRLF line ends, the base64 of
 * each (as a file: with its final line end), and each body line. `key` is PEM or base64 of PEM, as stored.
 */
export function keyMaskForms(key: string, label = 'key'): MaskForm[] {
  const text = key.includes('-----BEGIN')
    ? key
    : Buffer.from(key.replace(/\s+/g, ''), 'base64').toString('utf8');
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (!lines.some((line) => BEGIN_END.test(line))) throw new Error(`${label} is not PEM nor base64 of PEM`);
  const pem = lines.join('\n');
  const crlf = lines.join('\r\n');
  const body = lines.filter((line) => !BEGIN_END.test(line));
  return [
    { name: `${label}: PEM`, value: pem },
    { name: `${label}: PEM with CRLF`, value: crlf },
    { name: `${label}: base64 of the PEM`, value: base64(`${pem}\n`) },
    { name: `${label}: base64 of the PEM with CRLF`, value: base64(`${crlf}\r\n`) },
    ...body.map((value, i) => ({ name: `${label}: PEM body line ${i + 1} of ${body.length}`, value })),
  ];
}

/**
 * Lists each form that is never registered with ::add-mask::, or is held by a line (printed, or inside
 * another workflow command) before its mask. Empty when the masking is right. Messages name, never show.
 */
export function findMaskProblems(log: string, forms: readonly MaskForm[]): string[] {
  const view = viewLog(log);
  const problems: string[] = [];
  for (const form of forms) {
    // The runner trims what it registers; @actions/core escapes %, CR and LF, which viewLog undoes.
    const value = form.value.trim();
    const masked = view.maskedAt.get(value);
    const held = firstUse(view, value);
    if (masked === undefined) problems.push(`${form.name} is never registered with ::add-mask::`);
    else if (held !== undefined && held < masked)
      problems.push(`${form.name} is held by line ${held}, before its ::add-mask:: at line ${masked}`);
  }
  return problems;
}

/** Throws unless every form is masked before any line holds it; refuses an empty list, which proves nothing. */
export function assertMaskedFirst(log: string, forms: readonly MaskForm[]): void {
  if (forms.length === 0) throw new Error('assertMaskedFirst: no forms to check');
  const problems = findMaskProblems(log, forms);
  if (problems.length) throw new Error(`key material not masked before use:\n- ${problems.join('\n- ')}`);
}
