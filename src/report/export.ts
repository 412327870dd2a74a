/**
 * The job summary and the CLI's report of export. Public material only: paths, certificate facts, the
 * public key's hash; never the key (nor its base64, which is an output, masked).
 */
import { validityText } from '../domain/certificates.js';
import { isoUtc } from '../domain/schedule.js';
import type { ExportedResult } from '../protocol/result.js';
import { escapeMarkdown } from './report.js';

export function exportStatusLine(result: ExportedResult): string {
  const { info, daysRemaining } = result.current;
  return `Handed out the ${result.used} key and certificate (valid until ${isoUtc(info.notAfter)}, ${daysRemaining} days).`;
}

export function renderExportSummary(result: ExportedResult): string {
  const { info } = result.current;
  const icon = result.used === 'current' ? '✅' : '⚠️';
  const rows: [string, string][] = [
    ['Pair', result.used],
    ['Certificate subject', info.subject],
    ['Issuer', info.issuer],
    ['Serial', `\`${info.serialNumber}\``],
    ['Valid', validityText(info)],
    ['Days remaining', String(result.current.daysRemaining)],
    ['Public key SHA-256', `\`${result.publicKeySha256}\``],
    ['Files', `${result.files.keyPath}, ${result.files.certificatePath}`],
  ];
  return [
    `## ${icon} Mangopay mTLS credential: exported`,
    '',
    `**${escapeMarkdown(exportStatusLine(result))}** PEM files for this job (removed when it ends) and base64 outputs for the Mangopay SDKs.`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${escapeMarkdown(value)} |`),
    '',
    ...result.warnings.flatMap((warning) => ['> [!WARNING]', `> ${escapeMarkdown(warning)}`, '']),
  ].join('\n');
}

export function renderExportText(result: ExportedResult): string {
  return [
    `exported: ${exportStatusLine(result)}`,
    `  key: ${result.files.keyPath}`,
    `  certificate: ${result.files.certificatePath}`,
    `  public key SHA-256: ${result.publicKeySha256}`,
    ...result.warnings.map((warning) => `  warning: ${warning}`),
  ].join('\n');
}
