// Jest orders test files by their last duration, kept in its cache; without a cache (every CI run) it orders
// them by file size, which puts the longest single test (dist.test.ts: one ncc build, 15-25 s) near the end,
// where it runs alone while the other worker has nothing left. Suites named here go first, in this
// order; the rest keep Jest's order. Only the order changes: every file still runs.
import path from 'node:path';
import TestSequencer from '@jest/test-sequencer';

// Then the Windows tier (__tests__/windows: five Wine runs, two of them one after the other) where the Wine kit is
// set up: 5-9 s on an idle 2-core machine, but a Wine start can take 10 s under load (the kit's README), which makes
// it one of the longest; instant where the kit is not set up.
const FIRST = ['__tests__/integration/dist.test.ts', '__tests__/windows/bundle.test.ts'];

export default class SlowFirstSequencer extends TestSequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (test) => {
      const index = FIRST.indexOf(path.relative(test.context.config.rootDir, test.path));
      return index < 0 ? FIRST.length : index;
    };
    // Array.prototype.sort is stable, so Jest's order holds within the rest.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
