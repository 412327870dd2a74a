/**
 * Takes a certificate out of an untrusted issue comment. The body may wrap the PEM in markdown fences,
 * HTML, `<details>` or `> ` quotes, use CRLF, or hold the base64 of the PEM broken by spaces. Only a
 * `CERTIFICATE` block counts: a CSR (`CERTIFICATE REQUEST`, which the issue body carries) never does.
 * A private key anywhere in the read part wins over everything else: every form of it is returned to be
 * masked, and no message quotes any of it. Pure: no I/O, linear in the read part.
 */
import { X509Certificate } from 'node:crypto';
import { pemBlocks, sensitiveForms } from '../domain/pem.js';

/** At most this many bytes of a comment are read (UTF-8). */
export const MAX_COMMENT_BYTES = 64 * 1024;
export const TRUNCATED_NOTE = `The comment is longer than 64 KB: only its first ${MAX_COMMENT_BYTES} bytes were read.`;

export type CommentCertificate =
  /** `pem`: the leaf first, then the rest of its chain (issuer after subject), normalised. */
  | { kind: 'certificate'; pem: string; leafPem: string; chainLength: number; notes: string[] }
  /** Two or more certificates that are not one chain: the person must say which one. */
  | { kind: 'ambiguous'; count: number; message: string; notes: string[] }
  /** A CERTIFICATE block (or base64 of one) that does not parse: a broken paste. */
  | { kind: 'invalid'; message: string; notes: string[] }
  /** A private key: `mask` lists every form of it; `message` quotes none of it. */
  | { kind: 'private-key'; mask: string[]; message: string; notes: string[] }
  | { kind: 'none'; message: string; notes: string[] };

interface Found {
  certificates: string[];
  invalid: number;
  keys: string[];
}

const MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;
/** Base64 of "-----BEGIN" at the start of a value: where a base64-encoded PEM begins. */
const BASE64_PEM_START = 'LS0tLS1CRUdJT';
const BASE64_RUN = /[A-Za-z0-9+/=\s]+/y;
/** Shorter pieces are not masked on their own: they would blank out ordinary words in the log. */
const MIN_MASKED_PIECE = 16;

export function certificateFromComment(body: string): CommentCertificate {
  const { text, truncated } = readLimited(body);
  const notes = truncated ? [TRUNCATED_NOTE] : [];
  const lines = unquote(text);
  const found: Found = { certificates: [], invalid: 0, keys: [] };
  scanPem(lines, found);
  for (const token of base64Tokens(lines)) {
    const decoded = Buffer.from(token.replace(/\s+/g, ''), 'base64').toString('utf8');
    const before = found.keys.length;
    scanPem(decoded, found);
    // The token as pasted (and its pieces) is a form of the key too.
    if (found.keys.length > before) found.keys.push(token);
  }

  if (found.keys.length > 0) {
    return {
      kind: 'private-key',
      mask: maskForms(found.keys),
      message:
        'The comment holds a private key. Treat that key as exposed: delete the comment and make a new key ' +
        '(run the request workflow with force: true). Nothing was written.',
      notes,
    };
  }
  if (found.invalid > 0) {
    return {
      kind: 'invalid',
      message:
        'The comment holds a CERTIFICATE block that does not parse as an X.509 certificate (a broken paste?).',
      notes,
    };
  }
  const distinct = unique(found.certificates);
  if (distinct.length === 0) {
    return { kind: 'none', message: 'The comment holds no certificate (PEM, or base64 of a PEM).', notes };
  }
  const chain = distinct.length === 1 ? distinct : orderChain(distinct);
  if (chain === undefined) {
    return {
      kind: 'ambiguous',
      count: distinct.length,
      message:
        `The comment holds ${distinct.length} different certificates that are not one chain: which one? ` +
        'Reply with only the certificate Mangopay issued for the request.',
      notes,
    };
  }
  return { kind: 'certificate', pem: chain.join(''), leafPem: chain[0], chainLength: chain.length, notes };
}

function readLimited(body: string): { text: string; truncated: boolean } {
  // A UTF-16 unit is at least one UTF-8 byte: the first MAX units hold at least MAX bytes.
  const head = body.slice(0, MAX_COMMENT_BYTES);
  const bytes = Buffer.from(head, 'utf8');
  if (bytes.length <= MAX_COMMENT_BYTES && head.length === body.length)
    return { text: head, truncated: false };
  // A character cut in half decodes as U+FFFD, which matches nothing below.
  return { text: bytes.subarray(0, MAX_COMMENT_BYTES).toString('utf8'), truncated: true };
}

/** LF line ends, and markdown quote markers (`> `, `>> `) taken off each line. */
function unquote(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:>\s?)+/, ''))
    .join('\n');
}

/**
 * PEM blocks in one pass over the markers (no backtracking regex over hostile text): a BEGIN pairs with
 * the next END of the same label. A BEGIN of a private key without its END still counts as a key.
 */
function scanPem(text: string, found: Found): void {
  const markers = [...text.matchAll(MARKER)].map((m) => ({
    kind: m[1],
    label: m[2],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const nextEnd = new Map<string, number>(); // label -> index into markers of the next END not yet passed
  const findEnd = (label: string, from: number): number | undefined => {
    for (let i = Math.max(nextEnd.get(label) ?? from, from); i < markers.length; i++) {
      if (markers[i].kind === 'END' && markers[i].label === label) {
        nextEnd.set(label, i);
        return i;
      }
    }
    nextEnd.set(label, markers.length);
    return undefined;
  };
  let i = 0;
  while (i < markers.length) {
    const begin = markers[i];
    if (begin.kind !== 'BEGIN') {
      i++;
      continue;
    }
    const isKey = begin.label.endsWith('PRIVATE KEY');
    const endIndex = findEnd(begin.label, i + 1);
    if (endIndex === undefined) {
      if (isKey) found.keys.push(unterminated(text.slice(begin.start)));
      i++;
      continue;
    }
    const raw = text.slice(begin.start, markers[endIndex].end);
    const inner = text.slice(begin.end, markers[endIndex].start).replace(/\s+/g, '');
    if (isKey) found.keys.push(raw);
    else if (begin.label === 'CERTIFICATE') {
      const certificate = BASE64_BODY.test(inner) ? parseCertificate(raw) : undefined;
      if (certificate === undefined) found.invalid++;
      else found.certificates.push(certificate);
    }
    i = endIndex + 1;
  }
}

/** A key block cut off (by the 64 KB limit or a careless paste): its marker and the base64 lines after it. */
function unterminated(rest: string): string {
  const lines = rest.split('\n');
  const kept = [lines[0]];
  for (const line of lines.slice(1)) {
    if (!BASE64_BODY.test(line.trim()) || line.trim() === '') break;
    kept.push(line);
  }
  return kept.join('\n');
}

function parseCertificate(raw: string): string | undefined {
  const block = pemBlocks(raw)[0];
  if (block === undefined) return undefined;
  try {
    new X509Certificate(block.text);
    return block.text;
  } catch {
    return undefined;
  }
}

/** Runs of base64 (spaces and line breaks allowed inside) that start like the base64 of a PEM. */
function base64Tokens(text: string): string[] {
  const tokens: string[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(BASE64_PEM_START, from);
    if (at < 0) return tokens;
    // Only at the start of a word: inside a longer base64 run it is not where a value begins.
    if (at > 0 && /[A-Za-z0-9+/=]/.test(text[at - 1])) {
      from = at + 1;
      continue;
    }
    BASE64_RUN.lastIndex = at;
    // Prose after the value may join the run; decoding still yields the PEM first, and pemBlocks ignores the rest.
    const run = BASE64_RUN.exec(text)?.[0] ?? '';
    tokens.push(run.trim());
    from = at + Math.max(run.length, 1);
  }
}

function unique(pems: string[]): string[] {
  const seen = new Map<string, string>();
  for (const pem of pems) {
    const fingerprint = new X509Certificate(pem).fingerprint256;
    if (!seen.has(fingerprint)) seen.set(fingerprint, pem);
  }
  return [...seen.values()];
}

/**
 * Leaf first, each certificate followed by its issuer, when all of them form one chain (in any pasted
 * order): Mangopay may send the leaf with its intermediates. Undefined when they do not.
 */
function orderChain(pems: string[]): string[] | undefined {
  const certs = pems.map((pem) => ({ pem, x509: new X509Certificate(pem) }));
  const issues = (a: number, b: number) => a !== b && certs[b].x509.checkIssued(certs[a].x509);
  // The leaf issued none of the others.
  const leaves = certs.map((_, i) => i).filter((i) => !certs.some((_, j) => issues(i, j)));
  if (leaves.length !== 1) return undefined;
  const order = [leaves[0]];
  for (;;) {
    const current = order[order.length - 1];
    const issuer = certs.findIndex((_, j) => !order.includes(j) && issues(j, current));
    if (issuer < 0) break;
    order.push(issuer);
  }
  return order.length === certs.length ? order.map((i) => certs[i].pem) : undefined;
}

/** Every form of each key to mask: sensitiveForms' (PEM, lines, base64), plus the pieces as pasted. */
function maskForms(keys: string[]): string[] {
  const forms = new Set<string>(sensitiveForms(...keys));
  for (const key of keys) {
    for (const piece of key.split(/\s+/)) {
      if (piece.length >= MIN_MASKED_PIECE && !piece.startsWith('-----')) forms.add(piece);
    }
    // Every line, however short, as sensitiveForms does for a whole PEM (a cut-off key is not one).
    for (const line of key.split('\n')) {
      const trimmed = line.trim();
      if (trimmed !== '' && !trimmed.startsWith('-----')) forms.add(trimmed);
    }
  }
  return [...forms];
}
