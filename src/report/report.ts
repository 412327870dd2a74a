/**
 * Outputs, job summary and CLI report, all derived from a RunResult. Pure: no I/O here.
 * Only public material appears (CSR, certificate facts, names); never a key.
 */
import { validityText } from '../domain/certificates.js';
import { rotated, type CurrentCertificate, type RunResult, type StoreResult } from '../protocol/result.js';
import { isoUtc } from '../domain/schedule.js';
import type { StoreSettings } from '../settings/settings.js';

/** The action's outputs for a result (only those that apply to its state). */
export function outputsFor(result: RunResult): Record<string, string> {
  // A comment that is not for us: the state alone, so a later step can tell.
  if (result.state === 'ignored') return { state: result.state };
  const outputs: Record<string, string> = {
    state: result.state,
    'dry-run': String(result.dryRun),
    rotated: String(rotated(result)),
  };
  if (result.issue !== undefined) {
    outputs['issue-number'] = String(result.issue.number);
    outputs['issue-url'] = result.issue.url;
  }
  if (result.current !== undefined) {
    outputs['certificate-expires-at'] = isoUtc(result.current.info.notAfter);
    outputs['days-remaining'] = String(result.current.daysRemaining);
  }
  switch (result.state) {
    case 'requested':
    case 'pending':
      outputs.csr = result.csr.pem;
      outputs['csr-path'] = result.csr.path;
      outputs['public-key-sha256'] = result.csr.publicKeySha256;
      if (result.csr.artifact?.id !== undefined) outputs['artifact-id'] = String(result.csr.artifact.id);
      break;
    case 'checked':
      outputs.pending = String(result.pending);
      outputs.due = String(result.due);
      break;
    case 'exported':
      outputs.used = result.used;
      outputs['key-path'] = result.files.keyPath;
      outputs['certificate-path'] = result.files.certificatePath;
      outputs['key-base64'] = result.keyBase64;
      outputs['certificate-base64'] = result.certificateBase64;
      outputs['public-key-sha256'] = result.publicKeySha256;
      break;
    case 'rolled-back':
      outputs['public-key-sha256'] = result.current.info.publicKeySha256;
      break;
    case 'not-due':
    case 'promoted':
      break;
  }
  return outputs;
}

/** The certificate a result describes: the current one, or the one just promoted. */
function currentOf(result: RunResult): CurrentCertificate | undefined {
  return result.state === 'ignored' ? undefined : result.current;
}

/** One line a person can act on. */
export function statusLine(result: StoreResult, settings: StoreSettings): string {
  const dry = result.dryRun ? 'Dry run, nothing was written: ' : '';
  const { names } = settings;
  switch (result.state) {
    case 'requested':
      return `${dry}New key and CSR made for ${settings.clientId} (${settings.mangopayEnvironment}). Upload the CSR below in the Mangopay Dashboard, then run promote with the issued certificate.`;
    case 'pending':
      return `${dry}A request is already pending: upload its CSR (below) in the Mangopay Dashboard if not done yet, then run promote with the issued certificate.`;
    case 'not-due':
      return `${dry}No rotation needed: the current certificate is valid until ${isoUtc(result.current.info.notAfter)} (${result.current.daysRemaining} days); a request becomes due on ${isoUtc(result.current.dueFrom)}.`;
    case 'promoted':
      return `${dry}Installed the new certificate (valid until ${isoUtc(result.current.info.notAfter)}) and its key as ${names.keySecret} / ${names.certificateVariable}. Redeploy the services that use them.`;
    case 'checked':
      return checkLine(result.current, result.pending, result.due, settings);
    case 'rolled-back':
      return `${dry}Rolled back: ${names.keySecret} / ${names.certificateVariable} hold the previous key and certificate again (valid until ${isoUtc(result.current.info.notAfter)}, ${result.current.daysRemaining} days); the replaced ones are kept as ${names.previousKeySecret} / ${names.previousCertificateVariable}.`;
    case 'ignored':
      return `Nothing to do: ${result.reason}.`;
  }
}

function checkLine(
  current: CurrentCertificate | undefined,
  pendingRequest: boolean,
  due: boolean,
  settings: StoreSettings,
): string {
  const pending = pendingRequest ? ' A request is pending: upload its CSR and run promote.' : '';
  if (current === undefined) {
    return `No current certificate in variable ${settings.names.certificateVariable}: a request is due (run mode: request).${pending}`;
  }
  const days = current.daysRemaining;
  const until = isoUtc(current.info.notAfter);
  if (days < 0)
    return `EXPIRED: the current certificate expired on ${until}. Rotate now (run mode: request).${pending}`;
  if (due)
    return `Rotation due: the current certificate expires on ${until} (${days} days left).${pending || ' Run mode: request.'}`;
  return `OK: the current certificate is valid until ${until} (${days} days); a request becomes due on ${isoUtc(current.dueFrom)}.${pending}`;
}

/**
 * What a person should do next, by state. `cliCommand` is the CLI's promote command
 * (e.g. "npm start -- promote --client-id demo --state-dir ./mtls-state"); absent in the action.
 */
function nextSteps(result: StoreResult, settings: StoreSettings, cliCommand?: string): string[] {
  const { names } = settings;
  if (result.dryRun && result.mode !== 'check') return ['Run again without dry-run to make the changes.'];
  const promoteHow =
    cliCommand === undefined
      ? `Run this action with mode: promote, the certificate, and pending-private-key: \${{ secrets.${names.pendingKeySecret} }} (add current-private-key: \${{ secrets.${names.keySecret} }} to keep the old key as ${names.previousKeySecret}).`
      : `Run: ${cliCommand} --certificate-file <downloaded certificate>`;
  switch (result.state) {
    case 'requested':
    case 'pending':
      return [
        `Download the CSR (${result.csr.artifact?.location ?? 'below'}) or copy it from this summary.`,
        `In the Mangopay Dashboard (${settings.mangopayEnvironment}), request a certificate with this CSR and download it (PEM).`,
        promoteHow,
      ];
    case 'promoted':
      return [
        `Deploy with secret ${names.keySecret} and variable ${names.certificateVariable} (stored as ${settings.keyFormat}).`,
        ...keptCopies(result, settings),
      ];
    case 'not-due':
    case 'ignored':
      return [];
    case 'rolled-back':
      return [
        `Redeploy the services that use secret ${names.keySecret} and variable ${names.certificateVariable}.`,
        'To undo, run rollback again: it swaps back.',
      ];
    case 'checked':
      if (result.pending)
        return [
          'Upload the pending CSR in the Mangopay Dashboard, then run mode: promote with the certificate.',
        ];
      return result.due
        ? [cliCommand === undefined ? 'Run this action with mode: request.' : 'Run the request command.']
        : [];
  }
}

/** Which _PREVIOUS copies a promote wrote, as a next-step note. */
function keptCopies(result: StoreResult, settings: StoreSettings): string[] {
  const { previousKeySecret, previousCertificateVariable } = settings.names;
  const kept = [`secret ${previousKeySecret}`, `variable ${previousCertificateVariable}`].filter((w) =>
    result.writes.includes(w),
  );
  return kept.length === 0
    ? []
    : [`The old credential is kept in ${kept.join(' and ')} until the next rotation.`];
}

/** The job summary, as Markdown. */
export function renderSummary(result: StoreResult, settings: StoreSettings): string {
  if (result.state === 'ignored') return renderIgnoredSummary(result.reason);
  const lines: string[] = [];
  const due = result.state === 'checked' && result.due;
  const icon = due ? '⚠️' : result.dryRun ? '🧪' : '✅';
  lines.push(`## ${icon} Mangopay mTLS rotation: ${result.state}${result.dryRun ? ' (dry run)' : ''}`, '');
  lines.push(`**${escapeMarkdown(statusLine(result, settings))}**`, '');

  const rows: [string, string][] = [
    ['Client', `${settings.clientId} (${settings.mangopayEnvironment})`],
    ['Stored in', result.location],
  ];
  const csr = result.state === 'requested' || result.state === 'pending' ? result.csr : undefined;
  if (csr) rows.push(['Public key SHA-256', `\`${csr.publicKeySha256}\``]);
  const current = currentOf(result);
  if (current) {
    const { info } = current;
    rows.push(
      ['Certificate subject', info.subject],
      ['Issuer', info.issuer],
      ['Serial', `\`${info.serialNumber}\``],
      ['Valid', validityText(info)],
      ['Days remaining', String(current.daysRemaining)],
      ['SHA-256 fingerprint', `\`${info.fingerprint256}\``],
    );
  }
  if (result.state === 'checked') {
    rows.push(
      ['Request pending', result.pending ? 'yes' : 'no'],
      ['Rotation due', result.due ? 'yes' : 'no'],
    );
  }
  if (result.state === 'rolled-back')
    rows.push([
      'Replaced (now previous)',
      `serial ${result.replaced.serialNumber}, valid ${validityText(result.replaced)}`,
    ]);
  if (result.state === 'promoted' && result.handshake)
    rows.push(['mTLS handshake', `${result.handshake.url}: accepted, HTTP ${result.handshake.status}`]);
  if (result.writes.length > 0)
    rows.push([result.dryRun ? 'Would write' : 'Written', result.writes.join(', ')]);
  if (result.issue) rows.push(['Rotation issue', `#${result.issue.number}: ${result.issue.url}`]);
  lines.push(
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${escapeMarkdown(value)} |`),
    '',
  );

  for (const warning of result.warnings) lines.push(`> [!WARNING]`, `> ${escapeMarkdown(warning)}`, '');
  if (csr) lines.push('### Certificate signing request', '', '```text', csr.pem.trim(), '```', '');
  const steps = nextSteps(result, settings);
  if (steps.length > 0) lines.push('### Next steps', '', ...steps.map((step, i) => `${i + 1}. ${step}`), '');
  return lines.join('\n');
}

/** The job summary of a comment that was not a certificate for a rotation issue. */
function renderIgnoredSummary(reason: string): string {
  return ['## Mangopay mTLS rotation: ignored', '', `Nothing to do: ${escapeMarkdown(reason)}.`, ''].join(
    '\n',
  );
}

/** The job summary of a failed run. */
export function renderFailureSummary(message: string): string {
  return ['## ❌ Mangopay mTLS rotation failed', '', escapeMarkdown(message), ''].join('\n');
}

/** The CLI's short report; `cliCommand` is the promote command to suggest. */
export function renderText(result: StoreResult, settings: StoreSettings, cliCommand: string): string {
  const lines = [`${result.state}${result.dryRun ? ' (dry run)' : ''}: ${statusLine(result, settings)}`];
  const csr = result.state === 'requested' || result.state === 'pending' ? result.csr : undefined;
  if (csr) lines.push(`  public key SHA-256: ${csr.publicKeySha256}`);
  const current = currentOf(result);
  if (current) lines.push(`  certificate: ${current.info.subject}, valid ${validityText(current.info)}`);
  if (csr) lines.push(`  CSR: ${csr.path}`);
  if (csr?.artifact) lines.push(`  published: ${csr.artifact.location}`);
  if (result.writes.length > 0)
    lines.push(`  ${result.dryRun ? 'would write' : 'written'}: ${result.writes.join(', ')}`);
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  const steps = nextSteps(result, settings, cliCommand);
  steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  return lines.join('\n');
}

export function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
