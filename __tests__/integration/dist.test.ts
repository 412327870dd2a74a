// GitHub runs dist/index.js (and the post step's dist/post/index.js), not src/: the committed bundle must be
// exactly what src/ builds to today, file for file, subfolders included.
import { expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBundle } from '../../scripts/bundle.js';
import { REPO_ROOT } from '../support/action-runner.js';

/** Every file under `root`, as sorted paths relative to it. */
async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

it('dist/ matches a fresh build of src/ (run `npm run package` and commit dist/)', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'dist-check-'));
  try {
    await buildBundle(out);
    const committed = await files(path.join(REPO_ROOT, 'dist'));
    const fresh = await files(out);
    // Both entries of action.yml are built: the main step and the post step.
    expect(fresh).toEqual(expect.arrayContaining(['index.js', path.join('post', 'index.js')]));
    expect(committed).toEqual(fresh);
    for (const file of fresh) {
      const [a, b] = await Promise.all([
        readFile(path.join(REPO_ROOT, 'dist', file)),
        readFile(path.join(out, file)),
      ]);
      if (!a.equals(b)) throw new Error(`dist/${file} is stale: run \`npm run package\` and commit dist/`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 240_000);
