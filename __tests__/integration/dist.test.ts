// GitHub runs dist/index.js, not src/: the committed bundle must be exactly what src/ builds to today.
import { expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBundle } from '../../scripts/bundle.js';
import { REPO_ROOT } from '../support/action-runner.js';

it('dist/ matches a fresh build of src/ (run `npm run package` and commit dist/)', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'dist-check-'));
  try {
    await buildBundle(out);
    const committed = (await readdir(path.join(REPO_ROOT, 'dist'))).sort();
    const fresh = (await readdir(out)).sort();
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
