// Reads a step log the way the Actions runner does (workflow commands, add-mask) and checks that no form of a
// private key is printed. The log is the raw stdout/stderr of the action, before the runner masks anything,
// so any appearance outside an ::add-mask:: is a leak even when a mask came first.
import { createHash } from 'node:crypto';

export interface WorkflowCommand {
  command: string;
  props: Record<string, string>;
  message: string;
  /** 1-based line number in the log */
  line: number;
}

// The commands the runner recognises; any other `::x::` line is printed as plain text.
const REGISTERED = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]);

/** Inverse of @actions/core escapeData, in the runner's order. */
export function unescapeData(s: string): string {
  return s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
}

/** Inverse of @actions/core escapeProperty, in the runner's order. */
export function unescapeProperty(s: string): string {
  return s
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');
}

/** Parses one log line as a `::command props::message` line; undefined when the runner would print it. */
export function parseCommandLine(rawLine: string, lineNo = 0): WorkflowCommand | undefined {
  const line = rawLine.replace(/\r$/, '').trimStart();
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!REGISTERED.has(command)) return undefined;
  const props: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = pair.indexOf('=');
      // The runner drops pairs with an empty name or value.
      if (eq > 0 && eq < pair.length - 1) props[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, props, message: unescapeData(line.slice(end + 2)), line: lineNo };
}

/** Every workflow command the runner would act on, honouring ::stop-commands::TOKEN ... ::TOKEN::. */
export function parseWorkflowCommands(log: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  log.split('\n').forEach((raw, i) => {
    if (stopToken !== undefined) {
      if (raw.replace(/\r$/, '').trimStart().startsWith(`::${stopToken}::`)) stopToken = undefined;
      return;
    }
    const cmd = parseCommandLine(raw, i + 1);
    if (!cmd) return;
    if (cmd.command === 'stop-commands') stopToken = cmd.message;
    commands.push(cmd);
  });
  return commands;
}

const BEGIN_END = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/** Every form of a private key the design says must be masked. */
export function keyForms(privateKeyPem: string): string[] {
  const lf = privateKeyPem.replace(/\r\n/g, '\n').trim();
  const lines = lf
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !BEGIN_END.test(l));
  // The stored form is base64 of the PEM file as OpenSSL writes it: LF line ends and a final newline.
  const base64 = Buffer.from(`${lf}\n`, 'utf8').toString('base64');
  return unique([lf, lf.replace(/\n/g, '\r\n'), ...lines, base64]);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Short, non-reversible label for a secret, so error messages never carry the secret itself. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}, ${secret.length} chars`;
}

function describeForm(secret: string, index: number): string {
  let kind = 'secret';
  if (secret.includes('-----BEGIN')) kind = secret.includes('\r\n') ? 'whole PEM (CRLF)' : 'whole PEM';
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret) && decodesToPem(secret)) kind = 'base64 of the PEM';
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) kind = 'PEM body line';
  return `${kind} [secrets[${index}]; ${fingerprint(secret)}]`;
}

function decodesToPem(b64: string): boolean {
  return Buffer.from(b64, 'base64').toString('latin1').startsWith('-----BEGIN ');
}

// Base64 of a key PEM always starts with the encoded BEGIN marker (the PEM starts at offset 0), so these catch
// any base64-encoded key, not only the ones the caller listed.
const BASE64_KEY_MARKERS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'].map(
  (label) => {
    const marker = `-----BEGIN ${label}-----`;
    const whole = marker.length - (marker.length % 3);
    return Buffer.from(marker.slice(0, whole)).toString('base64');
  },
);

export interface LogView {
  /** The log with every processed ::add-mask:: line blanked (line numbers kept). */
  visible: string;
  /** Unescaped messages and properties of the other commands, where an escaped multi-line PEM becomes whole. */
  unescaped: { line: number; text: string }[];
  /** Line number of the first ::add-mask:: for each (trimmed) value. */
  maskedAt: Map<string, number>;
}

export function viewLog(log: string): LogView {
  const lines = log.split('\n');
  const maskedAt = new Map<string, number>();
  const unescaped: LogView['unescaped'] = [];
  for (const cmd of parseWorkflowCommands(log)) {
    if (cmd.command === 'add-mask') {
      // The runner trims the value it registers, and never echoes the command.
      const value = cmd.message.trim();
      if (!maskedAt.has(value)) maskedAt.set(value, cmd.line);
      lines[cmd.line - 1] = '';
    } else {
      unescaped.push({ line: cmd.line, text: [cmd.message, ...Object.values(cmd.props)].join('\n') });
    }
  }
  return { visible: lines.join('\n'), unescaped, maskedAt };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** First line (1-based) where `needle` shows outside add-mask, or undefined. */
export function firstUse(view: LogView, needle: string): number | undefined {
  const at = view.visible.indexOf(needle);
  const hits: number[] = at >= 0 ? [lineAt(view.visible, at)] : [];
  const inCommand = view.unescaped.find((u) => u.text.includes(needle));
  if (inCommand) hits.push(inCommand.line);
  return hits.length ? Math.min(...hits) : undefined;
}

/** Lists the leaks in `log`; empty when it is clean. Messages never contain the secrets. */
export function findKeyLeaks(log: string, secrets: readonly string[]): string[] {
  const view = viewLog(log);
  const problems: string[] = [];
  secrets.forEach((secret, index) => {
    const trimmed = secret.trim();
    if (trimmed === '') return;
    const used = firstUse(view, trimmed);
    if (used === undefined) return;
    const masked = view.maskedAt.get(trimmed);
    const name = describeForm(trimmed, index);
    if (masked === undefined) problems.push(`${name} printed at line ${used} and never masked`);
    else if (masked > used)
      problems.push(`${name} printed at line ${used} before its ::add-mask:: at line ${masked}`);
    else
      problems.push(`${name} printed at line ${used} (masked at line ${masked}, but printed all the same)`);
  });
  const marker = firstUse(view, 'PRIVATE KEY-----');
  if (marker !== undefined) problems.push(`a 'PRIVATE KEY-----' marker printed at line ${marker}`);
  for (const b64 of BASE64_KEY_MARKERS) {
    const hit = firstUse(view, b64);
    if (hit !== undefined) problems.push(`a base64-encoded private key PEM printed at line ${hit}`);
  }
  return problems;
}

const MAX_REPORTED = 12;

/**
 * Throws when any of `secrets` (see keyForms) shows in `log` outside the value of an ::add-mask:: command, or
 * shows before it was masked, or when any private key marker is printed.
 */
export function assertNoKeyLeak(log: string, secrets: readonly string[]): void {
  const problems = findKeyLeaks(log, secrets);
  if (!problems.length) return;
  const shown = problems.slice(0, MAX_REPORTED);
  if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
  throw new Error(`private key material leaked into the log:\n- ${shown.join('\n- ')}`);
}

/** Values registered with ::add-mask::, in order (unescaped). */
export function maskedValues(log: string): string[] {
  return parseWorkflowCommands(log)
    .filter((c) => c.command === 'add-mask')
    .map((c) => c.message);
}
