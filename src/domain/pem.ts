/**
 * PEM and stored-value encodings. Stored values are either PEM text or standard base64 of the PEM text
 * (what the Mangopay Node and PHP SDKs take); readers accept both, with CRLF and surrounding whitespace.
 */

import type { KeyFormat } from './types.js';

export interface PemBlock {
  label: string;
  /** The block as normalised PEM text (LF line ends, trailing newline). */
  text: string;
}

// Line breaks inside a block are optional: a PEM pasted into a one-line form field arrives with spaces.
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** LF line ends, no trailing spaces, exactly one final newline. */
export function normalizePem(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.trim())
      .join('\n')
      .trim() + '\n'
  );
}

export function pemBlocks(text: string): PemBlock[] {
  const normalized = normalizePem(text);
  const blocks: PemBlock[] = [];
  for (const match of normalized.matchAll(BLOCK)) {
    const body = (match[2].replace(/\s+/g, '').match(/.{1,64}/g) ?? []).join('\n');
    blocks.push({
      label: match[1],
      text: `-----BEGIN ${match[1]}-----\n${body}\n-----END ${match[1]}-----\n`,
    });
  }
  return blocks;
}

/**
 * Reads a value that holds PEM or base64 of PEM and returns the normalised PEM text of all its blocks,
 * or undefined when it is neither. Labels are checked by the caller.
 */
export function decodePemValue(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  let text = trimmed;
  if (!trimmed.includes('-----BEGIN')) {
    const compact = trimmed.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
    text = Buffer.from(compact, 'base64').toString('utf8');
    if (!text.includes('-----BEGIN')) return undefined;
  }
  const blocks = pemBlocks(text);
  if (blocks.length === 0) return undefined;
  return blocks.map((block) => block.text).join('');
}

/** The value to store for a PEM text in the chosen format. */
export function encodeStoredValue(pem: string, format: KeyFormat): string {
  const normalized = normalizePem(pem);
  return format === 'base64' ? Buffer.from(normalized, 'utf8').toString('base64') : normalized;
}

/**
 * Every form of a private key that must be masked before anything can print it: the PEM as given and
 * normalised, each body line, and the base64 of each PEM text.
 */
export function sensitiveForms(...values: string[]): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed === '') continue;
    forms.add(trimmed);
    const pem = decodePemValue(trimmed);
    if (pem === undefined) continue;
    for (const text of [pem, pem.trim(), pem.replace(/\n/g, '\r\n')]) {
      forms.add(text);
      forms.add(Buffer.from(text, 'utf8').toString('base64'));
    }
    for (const line of pem.split('\n')) {
      if (line !== '' && !line.startsWith('-----')) forms.add(line);
    }
  }
  return [...forms];
}
