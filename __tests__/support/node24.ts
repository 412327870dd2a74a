// The action declares `runs.using: node24`; this machine's own Node may be older, so tests fetch Node 24 from
// the npm registry (the `node` package ships the binary) once and then spawn that binary directly.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readCached, writeCached } from './test-cache.js';

const run = promisify(execFile);

// npx costs ~2 s per ask on a loaded runner: the path is kept in the tests' cache for later test files (and
// runs), and checked before use.
const CACHE_NAME = 'node24-path';

let cached: Promise<string> | undefined;

async function checkedVersion(node: string): Promise<string> {
  const { stdout: version } = await run(node, ['--version'], { env: { PATH: process.env.PATH ?? '' } });
  if (!version.startsWith('v24.')) throw new Error(`expected Node 24 at ${node}, got ${version.trim()}`);
  return node;
}

async function fromCache(): Promise<string | undefined> {
  const node = readCached(CACHE_NAME)?.trim();
  if (node === undefined) return undefined;
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
  return writeCached(CACHE_NAME, await checkedVersion(stdout.trim()));
}

/** Absolute path of a Node 24 binary (memoised; a failed lookup is retried on the next call). */
export function node24Path(): Promise<string> {
  cached ??= resolveNode24().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
