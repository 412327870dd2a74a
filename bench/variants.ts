// `npx tsx bench/variants.ts [--rounds N] [--head] [--fixed-keygen MS] [name …]`: measures proposed changes
// without touching src/. For the baseline (src/ as it is in the working tree) and each variant in
// bench/variants/ (<name>.patch: a change to src/; <name>.args: extra ncc arguments, one per line) it copies
// src/ to a temporary folder, applies the patch, builds a bundle with ncc there, and then runs all bundles in
// interleaved rounds (request run against fresh fakes, and the no-client-id cold start), with bare Node and
// the OpenSSL floor in the same rounds. `--head` adds src/ of the last commit (to measure uncommitted work).
// `--fixed-keygen MS` replaces RSA key generation by a fixed MS of CPU (see FixedKeygen), taking its
// randomness out of the comparison. Nothing in the repository is modified. Without names: every variant.
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../__tests__/support/action-runner.js';
import { node24Path } from '../__tests__/support/node24.js';
import { interleave } from './lib/interleave.js';
import { ms, prettierMarkdown, ratio, table } from './lib/markdown.js';
import {
  bareNode,
  coldRun,
  FixedKeygen,
  OpenSslFloor,
  requestRun,
  type RequestSample,
} from './lib/scenarios.js';
import { median, pairwise, summarize } from './lib/stats.js';

const exec = promisify(execFile);
const log = (message: string) => process.stderr.write(`${message}\n`);
const PATCHES = join(REPO_ROOT, 'bench', 'variants');

/** Copies src/ and builds it (after applying `patch`, if any) into <dir>/out; returns the entry. */
async function build(
  dir: string,
  patch?: string,
  revision?: string,
  nccArgs: string[] = [],
): Promise<{ entry: string; bytes: Record<string, number> }> {
  if (revision) {
    mkdirSync(dir, { recursive: true });
    const archive = join(dir, 'src.tar');
    await exec('git', ['archive', '-o', archive, revision, 'src'], { cwd: REPO_ROOT });
    await exec('tar', ['-xf', archive], { cwd: dir });
  } else {
    cpSync(join(REPO_ROOT, 'src'), join(dir, 'src'), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  cpSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
  const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src'] }));
  if (patch) await exec('git', ['apply', '--unsafe-paths', patch], { cwd: dir });
  await exec(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      'src/index.ts',
      '-o',
      'out',
      '-q',
      ...nccArgs,
    ],
    { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
  );
  const bytes: Record<string, number> = {};
  for (const file of readdirSync(join(dir, 'out'))) {
    if (file.endsWith('.js')) bytes[file] = readFileSync(join(dir, 'out', file)).length;
  }
  return { entry: join(dir, 'out', 'index.js'), bytes };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let rounds = 9;
  let head = false;
  let fixedKeygenMs: number | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--rounds') rounds = Number(args[++i]);
    else if (args[i] === '--head') head = true;
    else if (args[i] === '--fixed-keygen') fixedKeygenMs = Number(args[++i]);
    else names.push(args[i]);
  }
  // <name>.patch changes src/; <name>.args holds extra ncc arguments (one per line) for the unchanged src/.
  const available = readdirSync(PATCHES)
    .filter((f) => f.endsWith('.patch') || f.endsWith('.args'))
    .map((f) => f.replace(/\.(patch|args)$/, ''));
  for (const name of names) {
    if (!available.includes(name)) throw new Error(`no bench/variants/${name}.patch or .args`);
  }
  const chosen = names.length > 0 ? names : available;

  const node = await node24Path();
  const opensslBinary = execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim();
  const floor = new OpenSslFloor(
    opensslBinary,
    execFileSync(opensslBinary, ['version'], { encoding: 'utf8' }),
  );
  const root = mkdtempSync(join(tmpdir(), 'bench-variants-'));
  const fixed = fixedKeygenMs === undefined ? undefined : await FixedKeygen.create(floor, fixedKeygenMs);
  const extraInputs: Record<string, string> = fixed ? { 'openssl-path': fixed.path } : {};
  try {
    const variants: { name: string; entry: string; bytes: Record<string, number> }[] = [];
    if (head) {
      log('Building HEAD (src/ of the last commit) ...');
      variants.push({ name: 'HEAD', ...(await build(join(root, 'HEAD'), undefined, 'HEAD')) });
    }
    for (const name of ['baseline', ...chosen]) {
      log(`Building ${name} ...`);
      const dir = join(root, name);
      const patch = join(PATCHES, `${name}.patch`);
      const argsFile = join(PATCHES, `${name}.args`);
      const nccArgs = existsSync(argsFile)
        ? readFileSync(argsFile, 'utf8')
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line !== '' && !line.startsWith('#'))
        : [];
      variants.push({
        name,
        ...(await build(dir, existsSync(patch) ? patch : undefined, undefined, nccArgs)),
      });
    }

    log('Warm-up ...');
    for (const v of variants) {
      await requestRun(node, v.entry, extraInputs);
      await coldRun(node, v.entry);
    }
    log(`${rounds} interleaved rounds ...`);
    type Sample = { request?: RequestSample; ms?: number; node?: number; openssl?: number };
    const results = await interleave<Sample>(
      [
        ...variants.flatMap((v) => [
          {
            name: `${v.name}:request`,
            run: async () => ({ request: await requestRun(node, v.entry, extraInputs) }),
          },
          { name: `${v.name}:cold`, run: async () => ({ ms: (await coldRun(node, v.entry)).ms }) },
        ]),
        { name: 'bare', run: async () => ({ ms: await bareNode(node) }) },
        { name: 'floor', run: async () => ({ node: await bareNode(node), openssl: await floor.run() }) },
      ],
      rounds,
      (round) => log(`  round ${round + 1}/${rounds}`),
    );

    const bare = results.bare.map((s) => s.ms!);
    const floorMs = results.floor.map((s) => s.node! + s.openssl!);
    const base = results['baseline:request'].map((s) => s.request!.ms);
    const rows = variants.map((v) => {
      const request = results[`${v.name}:request`].map((s) => s.request!.ms);
      const cold = results[`${v.name}:cold`].map((s) => s.ms!);
      const r = summarize(request);
      const above = summarize(pairwise(cold, bare, (a, b) => a - b));
      const saved = summarize(pairwise(base, request, (a, b) => a - b));
      const overhead = summarize(results[`${v.name}:request`].map((s) => withoutKeygen(s.request!)));
      return [
        v.name,
        `${ms(r.median)} (${ms(r.min)}–${ms(r.p90)})`,
        v.name === 'baseline' ? '' : `${ms(saved.median)}`,
        ms(overhead.median),
        ratio(r.median / median(floorMs)),
        ratio(median(pairwise(request, floorMs, (a, b) => a / b))),
        `${ms(above.median)} (${ms(above.min)}–${ms(above.p90)})`,
        `${(v.bytes['index.js'] / 1024).toFixed(0)} KB`,
      ];
    });
    const phases = variants.map((v) => {
      const samples = results[`${v.name}:request`].map((s) => s.request!);
      const groups: string[] = [];
      for (const s of samples) for (const g of s.groups) if (!groups.includes(g.name)) groups.push(g.name);
      return { name: v.name, groups, samples };
    });
    const groupNames: string[] = [];
    for (const p of phases) for (const g of p.groups) if (!groupNames.includes(g)) groupNames.push(g);
    const phaseRows = groupNames.map((g) => [
      g.trim() === g ? g : `↳ ${g.trim()}`,
      ...phases.map((p) =>
        ms(
          median(
            p.samples.map((s) => s.groups.filter((x) => x.name === g).reduce((sum, x) => sum + x.ms, 0)),
          ),
        ),
      ),
    ]);
    const text = [
      (fixed
        ? `Key generation replaced by a fixed ${fixedKeygenMs} ms of CPU (--fixed-keygen): compare builds, not the floor. `
        : '') +
        `Floor: median ${ms(median(floorMs))} (node -e '' ${ms(median(results.floor.map((s) => s.node!)))} + openssl ${ms(median(results.floor.map((s) => s.openssl!)))}); bare node median ${ms(median(bare))}; ${rounds} rounds.`,
      '',
      table(
        [
          'variant',
          'request run: median (min–p90)',
          'saved vs baseline (median per round)',
          'request run minus its OpenSSL step (median)',
          'ratio of medians',
          'median per-round ratio',
          'cold start above bare Node: median (min–p90)',
          'index.js',
        ],
        rows,
      ),
      '',
      table(['request run part (median)', ...phases.map((p) => p.name)], phaseRows),
    ].join('\n');
    process.stdout.write(`\n${await prettierMarkdown(text, 'variants.md')}`);
  } finally {
    floor.dispose();
    fixed?.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A run's time outside its "Generate key and CSR" group: what the product adds, free of RSA's randomness. */
function withoutKeygen(sample: RequestSample): number {
  const keygen = sample.groups
    .filter((g) => g.name.startsWith('Generate key'))
    .reduce((sum, g) => sum + g.ms, 0);
  return sample.ms - keygen;
}

await main();
