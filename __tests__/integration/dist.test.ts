// GitHub runs dist/index.js, not src/: the committed bundle must be exactly what src/ builds to today.
import { expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/action-runner.js';

const run = promisify(execFile);

it('dist/ matches a fresh build of src/ (run `npm run package` and commit dist/)', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'dist-check-'));
  try {
    await run(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        'src/index.ts',
        '-o',
        out,
        '--license',
        'licenses.txt',
      ],
      {
        cwd: REPO_ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
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
