// Markdown for the results: tables, and the README section between the bench markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/** A table; `align` has one letter per column (l or r), by default the first column left, others right. */
export function table(header: string[], rows: (string | number)[][], align?: string): string {
  const escape = (cell: string | number) => String(cell).replace(/\|/g, '\\|');
  const alignment = header.map((_, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? '---' : '--:'));
  const lines = [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${alignment.join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export const ms = (value: number) => `${Math.round(value)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Formats with the repository's prettier settings, so `npm run format:check` stays green. */
export async function prettierMarkdown(text: string, file: string): Promise<string> {
  const config = JSON.parse(
    readFileSync(new URL('../../.prettierrc.json', import.meta.url), 'utf8'),
  ) as object;
  return format(text, { ...config, parser: 'markdown', filepath: file });
}

/**
 * Replaces what is between the markers in `readme`; returns false when the markers are not there (then
 * nothing is written).
 */
export async function writeBetweenMarkers(readme: string, section: string): Promise<boolean> {
  if (!existsSync(readme)) return false;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  const body = (await prettierMarkdown(section, readme)).trim();
  writeFileSync(readme, `${text.slice(0, start + START.length)}\n\n${body}\n\n${text.slice(end)}`);
  return true;
}
