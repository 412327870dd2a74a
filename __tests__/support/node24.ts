// The action declares `runs.using: node24`; this machine's own Node may be older, so tests fetch Node 24 from
// the npm registry (the `node` package ships the binary) once and then spawn that binary directly.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Jest gives every test file its own module registry, so a module-level memo lasts one file; npx costs ~2 s
// per ask on a loaded runner. The path is kept on disk for later files (and runs), and checked before use.
const CACHE_FILE = fileURLToPath(
  new URL('../../node_modules/.cache/mtls-tests/node24-path', import.meta.url),
);

let cached: Promise<string> | undefined;

async function checkedVersion(node: string): Promise<string> {
  const { stdout: version } = await run(node, ['--version'], { env: { PATH: process.env.PATH ?? '' } });
  if (!version.startsWith('v24.')) throw new Error(`expected Node 24 at ${node}, got ${version.trim()}`);
  return node;
}

async function fromCache(): Promise<string | undefined> {
  let node: string;
  try {
    node = readFileSync(CACHE_FILE, 'utf8').trim();
  } catch {
    return undefined;
  }
  // A stale entry (npx cache cleared, other version) is looked up again.
  return checkedVersion(node).catch(() => undefined);
}

async function resolveNode24(): Promise<string> {
  const known = await fromCache();
  if (known !== undefined) return known;
  const { stdout } = await run('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
    timeout: 180_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const node = await checkedVersion(stdout.trim());
  // Written whole and renamed, so a parallel worker never reads half a path.
  mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
  const partial = `${CACHE_FILE}.${process.pid}`;
  writeFileSync(partial, node);
  renameSync(partial, CACHE_FILE);
  return node;
}

/** Absolute path of a Node 24 binary (memoised; a failed lookup is retried on the next call). */
export function node24Path(): Promise<string> {
  cached ??= resolveNode24().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
