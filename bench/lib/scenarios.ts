// The things the benchmark times. Each returns one measurement and checks that the run did what it should
// (a fast wrong run must not count), so a regression in behaviour fails the bench instead of flattering it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeArtifactService } from '../../__tests__/support/fake-artifact-service.js';
import { FAKE_TOKEN, startFakeGitHub } from '../../__tests__/support/fake-github.js';
import { runActionTimed, timedSpawn, type TimedRun } from './action.js';

export interface RequestSample {
  ms: number;
  /** CPU the fakes (this process) used while the action ran: on GitHub that work happens elsewhere. */
  fakeCpuMs: number;
  groups: GroupTiming[];
}

/** One `::group::` of the log (or the time before the first / after the last group). */
export interface GroupTiming {
  name: string;
  ms: number;
}

/**
 * dist/index.js in request mode against fresh fakes (so the run really makes a key: state=requested).
 * The fakes are started before and closed after the timed interval.
 */
export async function requestRun(
  node: string,
  entry?: string,
  extraInputs: Record<string, string> = {},
): Promise<RequestSample> {
  const github = await startFakeGitHub();
  const artifacts = await startFakeArtifactService();
  try {
    const cpu = process.cpuUsage();
    const run = await runActionTimed({
      node,
      entry,
      inputs: { 'client-id': 'acme', 'github-token': FAKE_TOKEN, ...extraInputs },
      apiUrl: github.url,
      runtimeToken: artifacts.runtimeToken,
      resultsUrl: artifacts.env.ACTIONS_RESULTS_URL,
    });
    const used = process.cpuUsage(cpu);
    if (run.exitCode !== 0 || run.outputs.state !== 'requested' || artifacts.artifacts().length !== 1) {
      throw new Error(
        `request run did not make and publish a key (exit ${run.exitCode}, state ${run.outputs.state}, ` +
          `${artifacts.artifacts().length} artifacts); log tail:\n${run.log.slice(-1500)}`,
      );
    }
    if (github.openApiViolations.length > 0) throw new Error(github.openApiViolations.join('\n'));
    return { ms: run.ms, fakeCpuMs: (used.user + used.system) / 1000, groups: groupTimings(run) };
  } finally {
    await artifacts.close();
    await github.close();
  }
}

/**
 * dist/index.js without `client-id`: it loads, reads its inputs and stops with one `::error::` naming
 * client-id, before any API call (the API URL points at a closed port, so a call would show as a
 * different error). Its wall time minus bare Node's is the bundle's cold start.
 */
export async function coldRun(node: string, entry?: string): Promise<TimedRun> {
  const run = await runActionTimed({
    node,
    entry,
    inputs: { 'github-token': FAKE_TOKEN },
    apiUrl: 'http://127.0.0.1:9',
  });
  const errors = run.log.split('\n').filter((line) => line.startsWith('::error'));
  if (run.exitCode !== 1 || errors.length !== 1 || !errors[0].includes('client-id')) {
    throw new Error(
      `expected exit 1 and one ::error:: about client-id, got exit ${run.exitCode}:\n${run.log.slice(-1500)}`,
    );
  }
  return run;
}

/** `node -e ''` with the same binary. */
export async function bareNode(node: string): Promise<number> {
  const run = await timedSpawn(node, ['-e', ''], { env: { PATH: process.env.PATH ?? '' } });
  if (run.exitCode !== 0) throw new Error(`node -e '' exited ${run.exitCode}`);
  return run.ms;
}

/** The OpenSSL step of the product, standalone: same command, same kind of config, stdout captured. */
export class OpenSslFloor {
  readonly args: string[];
  private readonly dir: string;

  constructor(
    readonly binary: string,
    versionText: string,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'bench-openssl-'));
    const config = join(this.dir, 'req.cnf');
    // The product's request config (src/adapters/openssl/openssl.ts): subject, clientAuth, no prompt, no encryption.
    writeFileSync(
      config,
      [
        '[ req ]',
        'prompt = no',
        'distinguished_name = dn',
        'req_extensions = ext',
        'string_mask = utf8only',
        'default_md = sha256',
        'encrypt_key = no',
        '',
        '[ dn ]',
        'CN = acme.sandbox.mangopay.com',
        'O = Mangopay',
        'C = LU',
        '',
        '[ ext ]',
        'extendedKeyUsage = clientAuth',
        '',
      ].join('\n'),
    );
    // OpenSSL 3 deprecates -nodes for -noenc; the product picks the same way.
    const noEncryption = /^OpenSSL [3-9]\./.test(versionText) ? '-noenc' : '-nodes';
    this.args = ['req', '-new', '-newkey', 'rsa:2048', noEncryption, '-sha256', '-config', config];
  }

  /** One key + CSR; throws unless both were printed. */
  async run(): Promise<number> {
    const run = await timedSpawn(this.binary, this.args, { env: { PATH: process.env.PATH ?? '' } });
    if (
      run.exitCode !== 0 ||
      !run.stdout.includes('PRIVATE KEY-----') ||
      !run.stdout.includes('REQUEST-----')
    ) {
      throw new Error(
        `openssl ${this.args.join(' ')} failed (exit ${run.exitCode}): ${run.stderr.slice(-500)}`,
      );
    }
    return run.ms;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Splits a run's wall time along its log groups: start → first line (Node + bundle load), each
 * `::group::` to its `::endgroup::`, the gaps between groups, and last line → exit. Inside "Publish the
 * CSR", the first line @actions/artifact prints separates loading its chunk from the upload itself.
 */
export function groupTimings(run: TimedRun): GroupTiming[] {
  const lines: { at: number; text: string }[] = [];
  for (const chunk of run.chunks) {
    for (const text of chunk.text.split('\n')) if (text !== '') lines.push({ at: chunk.at, text });
  }
  const timings: GroupTiming[] = [];
  if (lines.length === 0) return [{ name: 'whole run (no output)', ms: run.ms }];
  timings.push({ name: 'start → first log line (Node + bundle load)', ms: lines[0].at });
  let open: { name: string; at: number } | undefined;
  let last = lines[0].at;
  let between = 0;
  for (const line of lines) {
    const group = /^::group::(.*)$/.exec(line.text);
    if (group) {
      between += line.at - last;
      open = { name: group[1].replace(/ \(repository [^)]*\)| in repository \S+$/, ''), at: line.at };
      continue;
    }
    if (line.text.startsWith('::endgroup::') && open) {
      timings.push({ name: open.name, ms: line.at - open.at });
      open = undefined;
      last = line.at;
      continue;
    }
    // A new request's upload runs in the confirmation's group; its client was loaded ahead (beside OpenSSL).
    const publishing = ['Publish the CSR', 'Confirm the request and publish the CSR'];
    if (open && publishing.includes(open.name) && /^Artifact name is valid/.test(line.text)) {
      timings.push({ name: '  load @actions/artifact (chunk, or wait for it)', ms: line.at - open.at });
      open = { name: '  upload the artifact', at: line.at };
    }
  }
  timings.push({ name: 'between groups', ms: between });
  timings.push({ name: 'last log line → exit', ms: run.ms - lines[lines.length - 1].at });
  return timings;
}

/**
 * For comparing builds only: an `openssl` stand-in (passed as the `openssl-path` input) whose key
 * generation costs a fixed amount of CPU instead of RSA's random prime search, so that differences between
 * builds are not drowned in key-generation noise. `req -new` prints a progress dot on stderr (as openssl
 * does), burns one core for about `cpuMs` (PBKDF2 with a calibrated iteration count) and then prints a key
 * and CSR made once by the real openssl; every other command goes to the real openssl.
 */
export class FixedKeygen {
  readonly path: string;
  private readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, 'openssl');
  }

  static async create(realOpenssl: OpenSslFloor, cpuMs: number): Promise<FixedKeygen> {
    const dir = mkdtempSync(join(tmpdir(), 'bench-fixed-keygen-'));
    const burn = (iterations: number) => [
      'kdf',
      '-keylen',
      '32',
      '-kdfopt',
      'digest:SHA256',
      '-kdfopt',
      'pass:bench',
      '-kdfopt',
      'salt:bench',
      '-kdfopt',
      `iter:${iterations}`,
      'PBKDF2',
    ];
    // Calibrate: iterations per ms on this machine (best of three, so a busy moment does not skew it).
    const probe = 400_000;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const run = await timedSpawn(realOpenssl.binary, burn(probe));
      if (run.exitCode !== 0) throw new Error(`openssl kdf is not available: ${run.stderr}`);
      best = Math.min(best, run.ms);
    }
    const iterations = Math.max(1, Math.round((probe / best) * cpuMs));
    const made = await timedSpawn(realOpenssl.binary, realOpenssl.args);
    writeFileSync(join(dir, 'key-and-csr.pem'), made.stdout);
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(
      join(dir, 'openssl'),
      [
        '#!/bin/sh',
        `REAL=${quote(realOpenssl.binary)}`,
        'if [ "$1" = req ] && [ "$2" = -new ]; then',
        // Like every openssl, show progress on stderr as soon as key generation starts.
        '  printf . >&2',
        `  "$REAL" ${burn(iterations).join(' ')} >/dev/null || exit 1`,
        `  cat ${quote(join(dir, 'key-and-csr.pem'))}`,
        '  exit 0',
        'fi',
        'exec "$REAL" "$@"',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return new FixedKeygen(dir);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
