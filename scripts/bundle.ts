// The one ncc command that makes dist/ (`npm run package`), also run by the test that fails when dist/ is
// stale and by the bench that names the bundle's modules, so all three build exactly the same way.
// `tsx scripts/bundle.ts <folder>` empties the folder and builds into it.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

/**
 * `-t` (transpile only): bundle/entry.ts has its own tsconfig (ES modules), so each file is compiled alone,
 * in half the time of a type-checked build; the types are checked by `npm run typecheck`.
 */
export const NCC_BUILD = ['build', '-t', 'bundle/entry.ts', '--license', 'licenses.txt'];

/** The post step (action.yml runs.post): its own small entry, built the same way into `<out>/post/`. */
export const NCC_POST_BUILD = ['build', '-t', 'bundle/post.ts', '--license', 'licenses.txt'];

/**
 * Builds the action into `out` and its post step into `out/post` (extra ncc options after ours);
 * `post: false` builds the main entry alone (the bench names that bundle's modules).
 */
export async function buildBundle(out: string, extra: string[] = [], { post = true } = {}): Promise<void> {
  const cli = join(REPO, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  const build = (args: string[], into: string) =>
    promisify(execFile)(process.execPath, [cli, ...args, '-o', into, ...extra], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
  // One after the other: the main build may empty `out`, and the machine has two cores for everything.
  await build(NCC_BUILD, out);
  if (post) await build(NCC_POST_BUILD, join(out, 'post'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: tsx scripts/bundle.ts <folder>');
  rmSync(out, { recursive: true, force: true });
  await buildBundle(out, ['-q']);
  console.log(
    `Built ${out}/ from bundle/entry.ts (src/index.ts) and ${out}/post/ from bundle/post.ts (src/post.ts).`,
  );
}
