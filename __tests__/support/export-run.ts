// One way to run `mode: export` through the bundle, main and post step as the runner runs them, with the
// checks every such run must pass: no key form in either log, every form of every key given masked before
// anything prints it, nothing left in the runner folders once the post step ran, one error line at most.
import { expect } from '@jest/globals';
import { runAction, type ActionRun, type RunActionOptions } from './action-runner.js';
import { assertNoKeyLeak, keyForms } from './log-scan.js';
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
}

export async function runExport(
  inputs: Record<string, string>,
  options: ExportRunOptions,
): Promise<ActionRun> {
  const { between, knownKeys, postEnv, ...rest } = options;
  const run = await runAction({
    ...rest,
    inputs: { mode: 'export', ...inputs },
    post: { between, env: postEnv },
  });
  try {
    const post = run.post;
    if (post === undefined) throw new Error('the post step did not run');
    const secrets = knownKeys.flatMap((key) => keyForms(key));
    assertNoKeyLeak(run.log, secrets);
    assertNoKeyLeak(post.log, secrets);
    const given = KEY_INPUTS.flatMap((name) => (inputs[name] ? [[name, inputs[name]] as const] : []));
    assertMaskedFirst(
      run.log,
      given.flatMap(([name, key]) => keyMaskForms(key, `input ${name}`)),
    );
    expect(run.log).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(run.errors.length).toBeLessThanOrEqual(1);
    // The post step ran as the runner runs it, and nothing of the key is left anywhere.
    expect(post.exitCode).toBe(0);
    expect(run.leftovers()).toEqual([]);
  } catch (error) {
    await run.cleanup();
    throw error;
  }
  return run;
}
