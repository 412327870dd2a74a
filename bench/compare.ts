// `npm run bench:compare -- <A/index.js> <B/index.js>`: two bundles (copies of dist/) alternated round by
// round (A B, then B A, ...), every mode of one rotation per round on fresh fakes (bench/lib/cycle.ts), and
// per mode the medians and the paired difference B − A of each round. Pairing cancels what drifts between
// rounds (other load on the machine); what it cannot cancel is RSA key generation, which varies by hundreds
// of ms from run to run: --fixed-openssl MS puts a stand-in first on PATH that answers every new key after
// exactly MS (bench/lib/openssl-standin.cjs), like a key made on a core of its own.
// Options: --rounds N (default 10), --delay MS | loopback (default 50), --fixed-openssl MS.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24Path } from '../__tests__/support/node24.js';
import { createTestCa } from '../__tests__/support/test-ca.js';
import { timedCycle } from './lib/cycle.js';
import { median } from './lib/stats.js';

function parse(argv: string[]) {
  const bundles: string[] = [];
  const options = {
    rounds: 10,
    delayMs: 50 as number | undefined,
    fixedOpenSslMs: undefined as number | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rounds') options.rounds = Number(argv[++i]);
    else if (arg === '--delay') options.delayMs = argv[++i] === 'loopback' ? undefined : Number(argv[i]);
    else if (arg === '--fixed-openssl') options.fixedOpenSslMs = Number(argv[++i]);
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else bundles.push(resolve(arg));
  }
  if (bundles.length !== 2)
    throw new Error('usage: npm run bench:compare -- <A/index.js> <B/index.js> [options]');
  if (!Number.isInteger(options.rounds) || options.rounds < 2) throw new Error('--rounds must be at least 2');
  return { a: bundles[0], b: bundles[1], ...options };
}

/** A folder with the stand-in as `openssl` and its key; returns it (to put first on PATH) and a cleanup. */
function standIn(ms: number): { folder: string; dispose: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'bench-openssl-standin-'));
  const real = execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim();
  const key = join(folder, 'pool.key');
  execFileSync(real, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
  if (!isAbsolute(real)) throw new Error(`openssl on PATH is not an absolute path: ${real}`);
  copyFileSync(fileURLToPath(new URL('lib/openssl-standin.cjs', import.meta.url)), join(folder, 'openssl'));
  writeFileSync(join(folder, 'standin.json'), JSON.stringify({ real, key, ms }));
  return { folder, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

const options = parse(process.argv.slice(2));
const node = await node24Path();
const fixed = options.fixedOpenSslMs === undefined ? undefined : standIn(options.fixedOpenSslMs);
if (fixed) process.env.PATH = `${fixed.folder}${delimiter}${process.env.PATH ?? ''}`;
const ca = await createTestCa();
const rows: { round: number; bundle: 'A' | 'B'; mode: string; ms: number }[] = [];
try {
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
    for (const bundle of order) {
      const runs = await timedCycle(node, bundle === 'A' ? options.a : options.b, ca, options.delayMs);
      for (const run of runs) rows.push({ round, bundle, mode: run.mode, ms: run.ms });
    }
    process.stderr.write(`round ${round + 1} of ${options.rounds}\n`);
  }
} finally {
  await ca.dispose();
  fixed?.dispose();
}

const scenario = options.delayMs === undefined ? 'loopback' : `${options.delayMs} ms per answer`;
const openssl = fixed ? `OpenSSL stand-in answering after ${options.fixedOpenSslMs} ms` : 'real openssl';
console.log(`A = ${options.a}\nB = ${options.b}\n${options.rounds} rounds, ${scenario}, ${openssl}.\n`);
console.log('| mode | A median | B median | B − A, paired median | B faster in |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const mode of [...new Set(rows.map((row) => row.mode))]) {
  const ms = (round: number, bundle: string) =>
    rows.find((row) => row.round === round && row.mode === mode && row.bundle === bundle)?.ms ?? NaN;
  const rounds = [...Array(options.rounds).keys()];
  const differences = rounds.map((round) => ms(round, 'B') - ms(round, 'A'));
  const of = (bundle: string) => rounds.map((round) => ms(round, bundle));
  console.log(
    `| ${mode} | ${median(of('A')).toFixed(0)} ms | ${median(of('B')).toFixed(0)} ms | ` +
      `${median(differences).toFixed(0)} ms | ${differences.filter((d) => d < 0).length} of ${options.rounds} |`,
  );
}
