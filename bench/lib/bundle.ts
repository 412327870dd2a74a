// What the action ships: dist/index.js (loaded at start) and its chunks (loaded by a dynamic import), their
// sizes, and which packages the bytes come from.
//
// Webpack's bundle keeps no module paths, only numeric ids (`/***/ 12345:`) and, for concatenated ES
// modules, `;// CONCATENATED MODULE: ./path` comments. The ids are named with the stats of an ncc build of
// the same sources (`ncc build --stats-out`, into a temporary folder), cached per source + lockfile hash
// because that build takes 20-50 s. The byte counts are always those of the committed dist/ files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../__tests__/support/action-runner.js';
import { buildBundle } from '../../scripts/bundle.js';

const DIST = join(REPO_ROOT, 'dist');

export interface BundleFile {
  file: string;
  bytes: number;
  /** Loaded when the action starts (index.js) or on demand (chunks). */
  loaded: 'at start' | 'on demand';
  /** Bytes per package (`undici`, `@actions/core`, `src/run.ts`, …), largest first. */
  packages: { name: string; bytes: number }[];
}

export interface BundleReport {
  files: BundleFile[];
  /** Why packages could not be named (then every module is listed by id), if so. */
  namesUnavailable?: string;
  /** Set when a fresh build of src/ differs from dist/ (the measured bundle is not today's source). */
  stale?: string[];
}

interface StatsModule {
  id?: string | number | null;
  name: string;
}

interface BuildInfo {
  names: Record<string, string>;
  /** sha256 of each file a fresh build wrote. */
  hashes: Record<string, string>;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sourceKey(): string {
  const hash = createHash('sha256');
  const files = ['package-lock.json', 'tsconfig.json'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(REPO_ROOT, dir)).sort()) {
      const path = join(dir, entry);
      if (statSync(join(REPO_ROOT, path)).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('src');
  walk('bundle');
  files.push('scripts/bundle.ts');
  for (const file of files) hash.update(file).update(readFileSync(join(REPO_ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Module id → package name, from a cached or fresh `ncc build --stats-out` of the current sources. */
async function buildInfo(log: (message: string) => void): Promise<BuildInfo> {
  const cacheDir = join(tmpdir(), 'mangopay-mtls-bench');
  const cacheFile = join(cacheDir, `build-${sourceKey()}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as BuildInfo;
  mkdirSync(cacheDir, { recursive: true });
  const out = join(cacheDir, `build-${process.pid}`);
  const statsFile = join(cacheDir, `stats-${process.pid}.json`);
  log('Naming bundle modules: one ncc build with --stats-out (20-50 s; cached for these sources) ...');
  try {
    await buildBundle(out, ['--stats-out', statsFile, '-q'], { post: false });
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules: StatsModule[] };
    const names: Record<string, string> = {};
    for (const module of stats.modules) {
      if (module.id !== undefined && module.id !== null) names[String(module.id)] = module.name;
    }
    const hashes: Record<string, string> = {};
    for (const file of readdirSync(out)) hashes[file] = sha256(readFileSync(join(out, file)));
    const info = { names, hashes };
    writeFileSync(cacheFile, JSON.stringify(info));
    return info;
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(statsFile, { force: true });
  }
}

/** `undici`, `@actions/core`, `src/run.ts`, or the name itself. */
export function packageOf(moduleName: string): string {
  if (moduleName.startsWith('./src/')) return `src/${moduleName.slice(6).split(' ')[0]}`;
  const match = /node_modules\/((?:@[^/]+\/)?[^/ ]+)/.exec(moduleName);
  if (match) return match[1];
  if (moduleName.startsWith('external ')) return 'node built-ins (imports)';
  return moduleName;
}

/** Bytes per package in one bundle file, by splitting it at webpack's module markers. */
function splitByPackage(text: string, names: Record<string, string>): Map<string, number> {
  const sizes = new Map<string, number>();
  const add = (name: string, bytes: number) => sizes.set(name, (sizes.get(name) ?? 0) + bytes);
  let current = 'webpack runtime';
  let start = 0;
  const marker = /^(?:\/\*\*\*\/ (\d+):|;\/\/ CONCATENATED MODULE: (.*))$/gm;
  for (const match of text.matchAll(marker)) {
    add(current, Buffer.byteLength(text.slice(start, match.index)));
    start = match.index;
    current =
      match[1] !== undefined
        ? packageOf(names[match[1]] ?? `module ${match[1]} (unnamed)`)
        : packageOf(match[2] ?? '');
  }
  // The runtime after the last module (`/******/` lines) belongs to webpack.
  const tail = text.slice(start);
  const runtimeAt = tail.indexOf('\n/******/');
  if (runtimeAt >= 0) {
    add(current, Buffer.byteLength(tail.slice(0, runtimeAt)));
    add('webpack runtime', Buffer.byteLength(tail.slice(runtimeAt)));
  } else {
    add(current, Buffer.byteLength(tail));
  }
  return sizes;
}

export async function bundleReport(options: {
  nameModules: boolean;
  log: (message: string) => void;
}): Promise<BundleReport> {
  const files = readdirSync(DIST)
    .filter((file) => file.endsWith('.js'))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
  let info: BuildInfo | undefined;
  let namesUnavailable: string | undefined;
  if (options.nameModules) {
    try {
      info = await buildInfo(options.log);
    } catch (error) {
      const text = String((error as { stderr?: string }).stderr ?? error);
      namesUnavailable = `ncc build failed: ${text.split('\n').find((l) => l.trim() !== '') ?? text}`;
    }
  } else {
    namesUnavailable = 'skipped (--no-names)';
  }
  const report: BundleReport = { files: [], namesUnavailable };
  const stale: string[] = [];
  for (const file of files) {
    const path = join(DIST, file);
    const data = readFileSync(path);
    const packages = [...splitByPackage(data.toString('utf8'), info?.names ?? {})]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes);
    report.files.push({
      file: relative(REPO_ROOT, path),
      bytes: data.length,
      loaded: file === 'index.js' ? 'at start' : 'on demand',
      packages,
    });
    if (info && info.hashes[file] !== sha256(data)) stale.push(`dist/${file}`);
  }
  if (info) {
    for (const file of Object.keys(info.hashes)) {
      if (file.endsWith('.js') && !files.includes(file)) stale.push(`dist/${file} (missing)`);
    }
  }
  if (stale.length > 0) report.stale = stale;
  return report;
}
