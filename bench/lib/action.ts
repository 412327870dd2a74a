// Runs the bundled action once, the way the GitHub runner's node24 handler does (the test bed's
// prepareStep: INPUT_* from action.yml defaults + `with:`, file commands, fresh runner folders), and times the child process itself: from spawn() to its exit, with nothing of the harness
// inside the measured interval. Each stdout/stderr chunk is stamped on arrival, so a run's log doubles as a
// phase profile (cold start, OpenSSL, API calls, artifact upload) without touching the bundle.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyValueFile, prepareStep, REPO_ROOT } from '../../__tests__/support/action-runner.js';

export const DIST_ENTRY = join(REPO_ROOT, 'dist', 'index.js');

export interface TimedRun {
  exitCode: number | null;
  /** Wall time from spawn() to the child's exit event, ms. */
  ms: number;
  log: string;
  /** Every output chunk with its arrival time (ms after spawn). */
  chunks: { at: number; text: string }[];
  outputs: Record<string, string>;
  summary: string;
}

export interface TimedActionOptions {
  node: string;
  entry?: string;
  inputs: Record<string, string>;
  apiUrl: string;
  runtimeToken?: string;
  resultsUrl?: string;
  repository?: string;
  env?: Record<string, string>;
}

/** Spawns `command args` and resolves with its wall time (spawn → exit), exit code and stamped output. */
export function timedSpawn(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<{
  exitCode: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  chunks: { at: number; text: string }[];
}> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const chunks: { at: number; text: string }[] = [];
    const start = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let exited: { code: number | null; ms: number } | undefined;
    let streamsOpen = 2;
    const finish = () => {
      if (exited && streamsOpen === 0)
        resolve({ exitCode: exited.code, ms: exited.ms, stdout, stderr, chunks });
    };
    const collect = (which: 'out' | 'err') => (text: string) => {
      chunks.push({ at: performance.now() - start, text });
      if (which === 'out') stdout += text;
      else stderr += text;
    };
    const streamEnded = () => {
      streamsOpen--;
      finish();
    };
    child.stdout!.setEncoding('utf8').on('data', collect('out')).on('end', streamEnded);
    child.stderr!.setEncoding('utf8').on('data', collect('err')).on('end', streamEnded);
    if (options.input !== undefined) child.stdin!.end(options.input);
    child.on('error', reject);
    // 'exit' (not 'close'): the moment the process ended, before the pipes are drained by this process.
    child.on('exit', (code) => {
      exited = { code, ms: performance.now() - start };
      finish();
    });
  });
}

/** Runs the action's entry under `node` as the runner would; the runner folders are removed afterwards. */
export async function runActionTimed(opts: TimedActionOptions): Promise<TimedRun> {
  const { node, entry, ...step } = opts;
  const {
    dirs,
    files,
    env,
    cleanup,
    entry: resolved,
  } = await prepareStep({ ...step, entry: entry ?? DIST_ENTRY });
  try {
    const child = await timedSpawn(node, [resolved], { cwd: dirs.workspace, env });
    return {
      exitCode: child.exitCode,
      ms: child.ms,
      log: child.chunks.map((c) => c.text).join(''),
      chunks: child.chunks,
      outputs: parseKeyValueFile(readFileSync(files.fileCommands.OUTPUT, 'utf8')),
      summary: readFileSync(files.fileCommands.STEP_SUMMARY, 'utf8'),
    };
  } finally {
    await cleanup();
  }
}
