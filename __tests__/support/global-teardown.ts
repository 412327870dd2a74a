// Jest globalTeardown: removes the run's temp folder (global-setup.ts) and fails the run, naming them, when
// tests left anything in it. Tests make their folders with tempDir() (temp.ts), which removes them.
import { readdir, rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  // Set by global-setup.ts (Jest loads the two hooks on their own: neither may import the other).
  const dir = process.env.MTLS_TESTS_TMPDIR;
  if (dir === undefined) return;
  const left = (await readdir(dir)).sort();
  await rm(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `The tests left ${left.length} entries in their temp folder ${dir} (now removed): ${left.join(', ')}. ` +
        'Make temp folders with tempDir() from __tests__/support/temp.ts, or remove them in the test.',
    );
  }
}
