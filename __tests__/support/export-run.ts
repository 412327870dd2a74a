// One way to run `mode: export` through the bundle, main and post step as the runner runs them, with the
// checks every such run must pass: no key form in either log, every form of every key given masked before
// anything prints it, nothing left in the runner folders once the post step ran, one error line at most.
import { expect } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { runAction, type ActionRun, type RunActionOptions } from './action-runner.js';
import { assertNoKeyLeak, keyForms } from './log-scan.js';
import { spkiSha256 } from './fixtures.js';
import { assertMaskedFirst, keyMaskForms } from './mask-order.js';

/** The export inputs that carry a private key. */
const KEY_INPUTS = ['private-key', 'previous-private-key'] as const;

export interface ExportRunOptions extends Omit<RunActionOptions, 'inputs' | 'post'> {
  /** Runs between the main and the post step (the job's later steps: the files are there). */
  between?: (main: ActionRun) => Promise<void> | void;
  /** Every private key the test knows of, given or not: scanned for in both logs. */
  knownKeys: string[];
  /** Forged environment of the post step (applied last). */
  postEnv?: Record<string, string>;
  /**
   * false: the main step only (a job cancelled before its post step, or a test that proves the post step
   * elsewhere); the export folder's files are then the only thing it may leave.
   */
  post?: false;
  /** Starts the steps (default: {@link runAction}, Linux; windows-runner.ts has one for the Wine kit). */
  launch?: (options: RunActionOptions) => Promise<ActionRun>;
}

export async function runExport(
  inputs: Record<string, string>,
  options: ExportRunOptions,
): Promise<ActionRun> {
  const { between, knownKeys, postEnv, post: withPost = true, launch = runAction, ...rest } = options;
  const run = await launch({
    ...rest,
    inputs: { mode: 'export', ...inputs },
    post: withPost ? { between, env: postEnv } : undefined,
  });
  try {
    const post = run.post;
    if (withPost && post === undefined) throw new Error('the post step did not run');
    const secrets = knownKeys.flatMap((key) => keyForms(key));
    assertNoKeyLeak(run.log, secrets);
    if (post !== undefined) assertNoKeyLeak(post.log, secrets);
    const given = KEY_INPUTS.flatMap((name) => (inputs[name] ? [[name, inputs[name]] as const] : []));
    assertMaskedFirst(
      run.log,
      given.flatMap(([name, key]) => keyMaskForms(key, `input ${name}`)),
    );
    expect(run.log).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(run.errors.length).toBeLessThanOrEqual(1);
    if (post === undefined) {
      // No post step: the two files named in its outputs stay (the post step removes them), nothing else.
      const root = path.dirname(run.dirs.runnerTemp);
      const named = ['key-path', 'certificate-path'].flatMap((name) =>
        run.outputs[name] === undefined ? [] : [path.relative(root, run.hostPath(run.outputs[name]))],
      );
      expect(run.leftovers()).toEqual(named.sort());
    } else {
      // The post step ran as the runner runs it, and nothing of the key is left anywhere.
      expect(post.exitCode).toBe(0);
      expect(run.leftovers()).toEqual([]);
    }
  } catch (error) {
    await run.cleanup();
    throw error;
  }
  return run;
}

/** A clean export that handed out `pair` as `used`: exit 0, no error or warning, every output it sets. */
export function expectHandedOut(
  run: ActionRun,
  used: 'current' | 'previous',
  pair: { keyPem: string; certPem: string },
  daysRemaining: number,
): void {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const notAfter = new Date(new X509Certificate(pair.certPem).validTo).toISOString().replace('.000Z', 'Z');
  expect(run.exitCode).toBe(0);
  expect(run.errors).toEqual([]);
  expect(run.warnings).toEqual([]);
  expect(run.outputs).toMatchObject({
    state: 'exported',
    used,
    'key-base64': b64(pair.keyPem),
    'certificate-base64': b64(pair.certPem),
    'public-key-sha256': spkiSha256(pair.certPem),
    'certificate-expires-at': notAfter,
    'days-remaining': String(daysRemaining),
  });
}
