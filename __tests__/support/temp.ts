// Temporary folders for tests: each is made fresh in the OS temp folder and removed once the test file that
// made it has run (an afterAll hook this module registers in every test file that imports it, directly or
// through another support module). npm test gives the whole run its own temp folder and fails naming
// anything a test left in it (global-setup.ts, global-teardown.ts).
//
// Jest only: the hook needs a test file. Support modules that bench/ imports too (action-runner.ts,
// test-ca.ts) keep their own cleanup()/dispose() and must not import this one.
import { afterAll } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A new empty folder `<os temp>/<prefix>XXXXXX`, removed after this test file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** tempDir for module level and other synchronous code. */
export function tempDirSync(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The environment that makes a child process use `dir` as its OS temp folder (TEMP and TMP: Windows). */
export function tempEnv(dir: string): { TMPDIR: string; TEMP: string; TMP: string } {
  return { TMPDIR: dir, TEMP: dir, TMP: dir };
}
