// The action declares `runs.using: node24`; this machine's own Node may be older, so tests fetch Node 24 from
// the npm registry (the `node` package ships the binary) once and then spawn that binary directly.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

let cached: Promise<string> | undefined;

async function resolveNode24(): Promise<string> {
  // npx costs ~0.6 s even when cached, so it is asked once per process for the path only.
  const { stdout } = await run('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
    timeout: 180_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const path = stdout.trim();
  const { stdout: version } = await run(path, ['--version'], { env: { PATH: process.env.PATH ?? '' } });
  if (!version.startsWith('v24.')) throw new Error(`expected Node 24 at ${path}, got ${version.trim()}`);
  return path;
}

/** Absolute path of a Node 24 binary (memoised; a failed lookup is retried on the next call). */
export function node24Path(): Promise<string> {
  cached ??= resolveNode24().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
