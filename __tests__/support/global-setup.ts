// Jest globalSetup: the test run gets a temp folder of its own, and every worker and every process a test
// starts (unless it is given an environment of its own) uses it as its OS temp folder. Jest starts its workers
// after this ran, with this process's environment. global-teardown.ts fails the run naming whatever a test
// left in it; other processes on the machine (other test runs, npm) never write there.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function globalSetup(): void {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mtls-tests-')));
  process.env.MTLS_TESTS_TMPDIR = dir; // for the teardown
  // os.tmpdir() reads TMPDIR on Linux and macOS, TEMP and TMP on Windows.
  process.env.TMPDIR = dir;
  process.env.TEMP = dir;
  process.env.TMP = dir;
}
