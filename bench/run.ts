// `npm run bench`: a benchmark, not a test. In one run, with interleaved repetitions, it measures
//   1. the end-to-end request run of dist/index.js under Node 24 against the loopback fakes, as a ratio to
//      the floor `node -e ''` + the product's `openssl req` (goal: at most 1.25x);
//   2. the bundle's cold start: dist/index.js without client-id (it stops right after reading its
//      inputs) minus bare `node -e ''` (goal: under 60 ms), and what the bundle is made of;
//   3. the API calls each mode makes, counted by the fakes, with calls that look redundant flagged;
//   4. every mode's calls, sequential round trips and ratio to a floor, on loopback and with a delay added
//      to every answer of the fakes (bench/lib/round-trip-bench.ts; issue 11);
// prints the tables and a verdict per goal, and writes them between the bench markers of docs/benchmarks.md
// (or to bench/RESULTS.md when the markers are missing).
//
// Options: --rounds N (default 15, at least 7), --no-names (skip naming bundle modules, which needs one
// ncc build the first time), --no-calls, --no-write (print only), --entry FILE (bench another bundle,
// e.g. a variant built into /tmp; docs/benchmarks.md is then left alone); for part 4: --delay MS (default
// 50, or env BENCH_DELAY_MS), --trip-rounds N (default 5, at least 3), --no-round-trips, --round-trips-only
// (part 4 alone, printed only).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../__tests__/support/action-runner.js';
import { node24Path } from '../__tests__/support/node24.js';
import { bundleReport, type BundleReport } from './lib/bundle.js';
import { callsPerMode, type ModeCalls } from './lib/calls.js';
import { interleave } from './lib/interleave.js';
import { measureRoundTrips, renderRoundTrips, type RoundTripResults } from './lib/round-trip-bench.js';
import { kb, ms, ratio, table, writeBetweenMarkers, prettierMarkdown } from './lib/markdown.js';
import { bareNode, coldRun, OpenSslFloor, requestRun, type RequestSample } from './lib/scenarios.js';
import { pairwise, summarize, type Summary } from './lib/stats.js';

const RATIO_GOAL = 1.25;
const COLD_START_GOAL_MS = 60;

interface Options {
  rounds: number;
  names: boolean;
  calls: boolean;
  write: boolean;
  entry?: string;
  delayMs: number;
  tripRounds: number;
  roundTrips: boolean;
  roundTripsOnly: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    rounds: 15,
    names: true,
    calls: true,
    write: true,
    delayMs: Number(process.env.BENCH_DELAY_MS ?? 50),
    tripRounds: 5,
    roundTrips: true,
    roundTripsOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rounds') options.rounds = Number(argv[++i]);
    else if (arg === '--no-names') options.names = false;
    else if (arg === '--no-calls') options.calls = false;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--entry') options.entry = resolve(argv[++i]);
    else if (arg === '--delay') options.delayMs = Number(argv[++i]);
    else if (arg === '--trip-rounds') options.tripRounds = Number(argv[++i]);
    else if (arg === '--no-round-trips') options.roundTrips = false;
    else if (arg === '--round-trips-only') options.roundTripsOnly = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(options.rounds) || options.rounds < 7) throw new Error('--rounds must be at least 7');
  if (!(options.delayMs >= 0)) throw new Error('--delay must be a number of ms');
  if (!Number.isInteger(options.tripRounds) || options.tripRounds < 3) {
    throw new Error('--trip-rounds must be at least 3');
  }
  return options;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

type Sample =
  | { kind: 'request'; value: RequestSample }
  | { kind: 'floor'; node: number; openssl: number }
  | { kind: 'ms'; ms: number };

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const node = await node24Path();
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const opensslBinary = execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim();
  const opensslVersion = execFileSync(opensslBinary, ['version'], { encoding: 'utf8' }).trim();
  const machine = `${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Linux ${release()}`;
  const entryLabel = options.entry ? relative(REPO_ROOT, options.entry) : 'dist/index.js';
  const commit = gitDescribe();
  log(`Node ${nodeVersion} (${node}), ${opensslVersion}, ${machine}`);
  const roundTripOptions = (openssl: OpenSslFloor) => ({
    node,
    entry: options.entry,
    openssl,
    delayMs: options.delayMs,
    rounds: options.tripRounds,
    log,
  });

  if (options.roundTripsOnly) {
    const floor = new OpenSslFloor(opensslBinary, opensslVersion);
    try {
      const loadBefore = loadavg()[0];
      const trips = await measureRoundTrips(roundTripOptions(floor));
      const load = `1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
      const seconds = Math.round((performance.now() - started) / 1000);
      const markdown =
        `Measured ${new Date().toISOString().slice(0, 10)} (${commit}) on ${machine}, Node ${nodeVersion}, ` +
        `${opensslVersion.split(' (')[0]}, by \`npm run bench -- ${process.argv.slice(2).join(' ')}\` ` +
        `(\`${entryLabel}\`, ${seconds} s; ${load}).\n\n${renderRoundTrips(trips)}`;
      process.stdout.write(`\n${await prettierMarkdown(markdown, 'RESULTS.md')}\n`);
    } finally {
      floor.dispose();
    }
    return;
  }

  const bundle = options.entry ? undefined : await bundleReport({ nameModules: options.names, log });

  const floor = new OpenSslFloor(opensslBinary, opensslVersion);
  try {
    // Warm-up, not recorded: the fakes parse GitHub's OpenAPI description on their first request, and the
    // first runs fill the page cache.
    log('Warm-up ...');
    await requestRun(node, options.entry);
    await coldRun(node, options.entry);
    await floor.run();
    await bareNode(node);

    log(`${options.rounds} interleaved rounds of: request run, floor, cold start, bare node ...`);
    const results = await interleave<Sample>(
      [
        {
          name: 'request',
          run: async () => ({ kind: 'request', value: await requestRun(node, options.entry) }),
        },
        {
          name: 'floor',
          run: async () => ({ kind: 'floor', node: await bareNode(node), openssl: await floor.run() }),
        },
        { name: 'cold', run: async () => ({ kind: 'ms', ms: (await coldRun(node, options.entry)).ms }) },
        { name: 'bare', run: async () => ({ kind: 'ms', ms: await bareNode(node) }) },
      ],
      options.rounds,
      (round) =>
        log(
          `  round ${round + 1}/${options.rounds} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        ),
    );
    const requests = results.request.map((s) => (s.kind === 'request' ? s.value : never()));
    const floors = results.floor.map((s) => (s.kind === 'floor' ? s : never()));
    const cold = results.cold.map((s) => (s.kind === 'ms' ? s.ms : never()));
    const bare = results.bare.map((s) => (s.kind === 'ms' ? s.ms : never()));

    const calls = options.calls && !options.entry ? await callsPerMode() : undefined;
    const trips = options.roundTrips ? await measureRoundTrips(roundTripOptions(floor)) : undefined;
    const section = render({
      options,
      entryLabel,
      date: new Date().toISOString().slice(0, 10),
      nodeVersion,
      opensslVersion,
      opensslArgs: floor.args,
      commit,
      machine,
      requests,
      floors,
      cold,
      bare,
      bundle,
      calls,
      trips,
      seconds: (performance.now() - started) / 1000,
    });
    process.stdout.write(`\n${await prettierMarkdown(section.markdown, 'RESULTS.md')}\n`);
    for (const verdict of section.verdicts) process.stdout.write(`${verdict}\n`);

    if (options.write && !options.entry) {
      const readme = join(REPO_ROOT, 'docs', 'benchmarks.md');
      if (await writeBetweenMarkers(readme, section.markdown)) {
        log('\nWrote the results between the bench markers of docs/benchmarks.md.');
      } else {
        const file = join(REPO_ROOT, 'bench', 'RESULTS.md');
        writeFileSync(file, await prettierMarkdown(`# Benchmark results\n\n${section.markdown}`, file));
        log('\ndocs/benchmarks.md has no bench markers: wrote bench/RESULTS.md.');
      }
    }
  } finally {
    floor.dispose();
  }
}

/** `commit abc1234`, plus a note when dist/ differs from that commit. */
function gitDescribe(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'dist'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    return `commit ${sha}${dirty.trim() === '' ? '' : ', with uncommitted changes in dist/'}`;
  } catch {
    return 'not a git checkout';
  }
}

function never(): never {
  throw new Error('unexpected sample kind');
}

interface RenderInput {
  options: Options;
  entryLabel: string;
  date: string;
  nodeVersion: string;
  opensslVersion: string;
  opensslArgs: string[];
  /** Commit measured, and whether dist/ had uncommitted changes. */
  commit: string;
  machine: string;
  requests: RequestSample[];
  floors: { node: number; openssl: number }[];
  cold: number[];
  bare: number[];
  bundle?: BundleReport;
  calls?: ModeCalls[];
  trips?: RoundTripResults;
  seconds: number;
}

const row = (label: string, s: Summary, f: (v: number) => string = ms) => [
  label,
  f(s.median),
  f(s.min),
  f(s.p90),
];

function render(input: RenderInput): { markdown: string; verdicts: string[] } {
  const { requests, floors, cold, bare } = input;
  const requestMs = requests.map((r) => r.ms);
  const floorMs = floors.map((f) => f.node + f.openssl);
  const request = summarize(requestMs);
  const floor = summarize(floorMs);
  const ratioOfMedians = request.median / floor.median;
  const roundRatios = summarize(pairwise(requestMs, floorMs, (a, b) => a / b));
  const coldAbove = summarize(pairwise(cold, bare, (a, b) => a - b));
  const coldSummary = summarize(cold);
  const bareSummary = summarize(bare);
  const differenceOfMedians = coldSummary.median - bareSummary.median;

  const out: string[] = [];
  out.push(
    `Measured ${input.date} (${input.commit}) on ${input.machine}, Node ${input.nodeVersion}, ` +
      `${input.opensslVersion.split(' (')[0]}, ` +
      `by \`npm run bench\` (${input.options.rounds} interleaved rounds, ${Math.round(input.seconds)} s). ` +
      'The machine was shared with other work: read the medians and the per-round ratios, not single runs.',
  );
  out.push('', '### 1. Request run end to end', '');
  out.push(
    `\`${input.entryLabel}\` under Node 24 with mode \`request\` against fresh loopback fakes of GitHub and the ` +
      "artifact service (every run makes a key: `state=requested`), against the floor: `node -e ''` plus " +
      `\`openssl ${input.opensslArgs.join(' ').replace(/-config \S+/, '-config <cfg>')}\`, the product's own ` +
      'OpenSSL step, run in the same rounds.',
    '',
  );
  out.push(
    table(
      ['', 'median', 'min', 'p90'],
      [
        row('request run', request),
        row('floor', floor),
        row("floor: `node -e ''`", summarize(floors.map((f) => f.node))),
        row('floor: `openssl req` (RSA 2048 key + CSR)', summarize(floors.map((f) => f.openssl))),
        row('ratio per round (request / floor of the same round)', roundRatios, ratio),
        ['ratio of the medians', ratio(ratioOfMedians), '', ''],
        row(
          'request run without its OpenSSL step (what the product adds)',
          summarize(requests.map(withoutKeygen)),
        ),
        row('the OpenSSL step inside the request run', summarize(requests.map(keygenOf))),
        row('CPU used by the fakes during a request run', summarize(requests.map((r) => r.fakeCpuMs))),
      ],
    ),
  );
  out.push(
    '',
    'Where a request run spends its time (median of each part over the rounds, from the log timestamps):',
    '',
  );
  out.push(table(['part', 'median', 'min', 'p90'], phaseRows(requests)));

  out.push('', '### 2. Cold start and bundle', '');
  out.push(
    `\`${input.entryLabel}\` without \`client-id\`: it loads, reads its inputs and stops with one \`::error::\` ` +
      "about client-id (checked on every run), before any API call. Cold start = its wall time minus bare Node's.",
    '',
  );
  out.push(
    table(
      ['', 'median', 'min', 'p90'],
      [
        row('no client-id: start → exit', coldSummary),
        row("bare `node -e ''`", bareSummary),
        row('cold start above bare Node (per round)', coldAbove),
        ['cold start above bare Node (difference of medians)', ms(differenceOfMedians), '', ''],
      ],
    ),
  );
  if (input.bundle) out.push('', ...bundleSection(input.bundle));

  if (input.calls) out.push('', '### 3. API calls per mode', '', ...callsSection(input.calls));
  if (input.trips) {
    out.push(
      '',
      '### 4. Round trips per mode, on loopback and with latency',
      '',
      renderRoundTrips(input.trips),
    );
  }

  const verdicts = [
    `Goal 1 (request run ≤ ${RATIO_GOAL}x the floor): ${ratioOfMedians <= RATIO_GOAL ? 'MET' : 'NOT MET'} — ` +
      `${ratio(ratioOfMedians)} (ratio of medians: ${ms(request.median)} / ${ms(floor.median)}); ` +
      `per-round ratio median ${ratio(roundRatios.median)}, min ${ratio(roundRatios.min)}, p90 ${ratio(roundRatios.p90)}.`,
    `Goal 2 (cold start < ${COLD_START_GOAL_MS} ms above bare Node): ${coldAbove.median < COLD_START_GOAL_MS ? 'MET' : 'NOT MET'} — ` +
      `${ms(coldAbove.median)} above bare Node (median per round; min ${ms(coldAbove.min)}, p90 ${ms(coldAbove.p90)}; ` +
      `difference of medians ${ms(differenceOfMedians)}).`,
  ];
  if (input.calls) {
    const flagged = input.calls.flatMap((c) =>
      c.flags.filter((f) => f.reason === undefined).map((f) => `${c.mode}: ${f.text}`),
    );
    const deliberate = input.calls.flatMap((c) => c.flags.filter((f) => f.reason !== undefined));
    verdicts.push(
      `Goal 3 (no call made twice where once suffices): ${flagged.length === 0 ? 'MET' : 'NOT MET'} — ` +
        (flagged.length === 0
          ? `no unexplained repeat or read-back in any mode (${deliberate.length} deliberate ones, listed above; ` +
            `calls per mode: ${input.calls.map((c) => `${c.mode} ${totalCalls(c)}`).join(', ')}).`
          : flagged.join('; ')),
    );
  }
  out.push('', '### Verdicts', '', ...verdicts.map((v) => `- ${v}`));
  out.push(
    '',
    `Reproduce: \`npm run bench\` (about ${Math.ceil(input.seconds / 30) * 30} s; \`-- --rounds N\` for more rounds).`,
  );
  return { markdown: out.join('\n'), verdicts };
}

/** The "Generate key and CSR" group of a run's log: spawning OpenSSL, key generation, reading its output. */
function keygenOf(sample: RequestSample): number {
  return sample.groups.filter((g) => g.name.startsWith('Generate key')).reduce((sum, g) => sum + g.ms, 0);
}

/** A run's time outside its OpenSSL step: what the product adds, free of RSA key generation's randomness. */
function withoutKeygen(sample: RequestSample): number {
  return sample.ms - keygenOf(sample);
}

function phaseRows(requests: RequestSample[]): string[][] {
  const names: string[] = [];
  for (const r of requests) for (const g of r.groups) if (!names.includes(g.name)) names.push(g.name);
  return names.map((name) => {
    const values = requests.map((r) =>
      r.groups.filter((g) => g.name === name).reduce((sum, g) => sum + g.ms, 0),
    );
    const s = summarize(values);
    return [name.trim() === name ? name : `↳ ${name.trim()}`, ms(s.median), ms(s.min), ms(s.p90)];
  });
}

function bundleSection(bundle: BundleReport): string[] {
  const out: string[] = [];
  out.push(
    table(
      ['file', 'loaded', 'bytes', 'size'],
      bundle.files.map((f) => [`\`${f.file}\``, f.loaded, f.bytes.toLocaleString('en-US'), kb(f.bytes)]),
    ),
  );
  if (bundle.stale) {
    out.push(
      '',
      `**dist/ is stale**: a fresh build of src/ differs in ${bundle.stale.join(', ')}. Run \`npm run package\`.`,
    );
  }
  if (bundle.namesUnavailable) out.push('', `Module names: ${bundle.namesUnavailable}.`);
  for (const file of bundle.files) {
    const top = file.packages.slice(0, 8);
    const rest = file.packages.slice(8).reduce((sum, p) => sum + p.bytes, 0);
    out.push(
      '',
      `What \`${file.file}\` is made of (${file.loaded === 'at start' ? 'parsed on every run' : 'loaded on demand'}):`,
      '',
    );
    out.push(
      table(
        ['package', 'size', 'share'],
        [
          ...top.map((p) => [p.name, kb(p.bytes), `${((100 * p.bytes) / file.bytes).toFixed(0)} %`]),
          ...(rest > 0
            ? [
                [
                  `${file.packages.length - top.length} more`,
                  kb(rest),
                  `${((100 * rest) / file.bytes).toFixed(0)} %`,
                ],
              ]
            : []),
        ],
      ),
    );
  }
  return out;
}

function totalCalls(calls: ModeCalls): number {
  return [...calls.github, ...calls.artifact].reduce((sum, [, n]) => sum + n, 0);
}

function callsSection(calls: ModeCalls[]): string[] {
  // One row per call, one column per mode: what each mode asks, and how often.
  const keys: string[] = [];
  for (const c of calls)
    for (const [key] of [...c.github, ...c.artifact]) if (!keys.includes(key)) keys.push(key);
  const isArtifact = (key: string) => calls.some((c) => c.artifact.some(([k]) => k === key));
  const count = (c: ModeCalls, key: string) =>
    [...c.github, ...c.artifact].find(([k]) => k === key)?.[1] ?? 0;
  const rows = keys.map((key) => [
    `${isArtifact(key) ? 'artifact: ' : ''}\`${key}\``,
    ...calls.map((c) => (count(c, key) === 0 ? '' : String(count(c, key)))),
  ]);
  rows.push(['**total**', ...calls.map((c) => `**${totalCalls(c)}**`)]);
  const out = [
    'Counted by the fakes over one rotation of one fake repository: request, request again, promote (the CSR ' +
      'signed by the test CA), request with the new certificate installed, check. `…` is ' +
      '`/repos/{owner}/{repo}/actions`; artifact rows are the Actions results service (Twirp) and blob storage.',
    '',
    table(['call', ...calls.map((c) => `${c.mode} → ${c.state}`)], rows),
    '',
  ];
  const flags = calls.flatMap((c) =>
    c.flags.map(
      (f) => `${c.mode}: ${f.text}${f.reason === undefined ? ' — **unexplained**' : ` — ${f.reason}`}`,
    ),
  );
  out.push(
    flags.length === 0
      ? 'No call is repeated, and none reads back its own write.'
      : 'Flagged (the same request twice, or a read of what the run itself just wrote):',
  );
  if (flags.length > 0) out.push('', ...flags.map((f) => `- ${f}`));
  return out;
}

await main();
