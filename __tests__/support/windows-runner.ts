/**
 * Starts the bundle as a GitHub-hosted Windows runner would, on this Linux machine: a Windows node.exe (Node 24)
 * under Wine, through the kit in ../shared/windows (see its README), spawning the Windows openssl.exe of
 * ../shared/openssl-flavours/windows. The step is prepared exactly as for Linux (action-runner.ts: inputs from
 * action.yml, file-command files made beforehand, event file, fresh runner folders), with every path the action
 * is given in its Windows form (`Z:\tmp\…`, as `run.sh --winpath` prints it), and the result is the same
 * ActionRun, so the Linux e2e checks (e2e.ts: leak scan, mask order, leftovers) apply unchanged. A post step
 * (`post`) is started the same way, with the main step's state as the runner passes it (action-runner.ts).
 *
 * The kit is root-only and set up by `setup.sh`; {@link describeWindows} skips visibly where it is missing,
 * and fails instead in CI when ../shared is there (.ci/run sets the kit up).
 */
import { describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  collectRun,
  prepareStep,
  REPO_ROOT,
  withPost,
  type ActionRun,
  type ChildResult,
  type PreparedStep,
  type RunActionOptions,
} from './action-runner.js';
import { runRotation, type RotationOptions, type TestBed } from './e2e.js';
import { runExport, type ExportRunOptions } from './export-run.js';

/** ../shared beside the repository (absent in a contributor's clone and on GitHub's own CI). */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
const RUN_SH = path.join(SHARED_DIR, 'windows', 'run.sh');
/** The folder holding the Windows openssl.exe (OpenSSL 3.0.22, mingw64 build). */
export const WINDOWS_OPENSSL_DIR = path.join(SHARED_DIR, 'openssl-flavours', 'windows');
export const WINDOWS_OPENSSL = path.join(WINDOWS_OPENSSL_DIR, 'openssl.exe');

const wineRoot = () => process.env.MTLS_WINE_ROOT || '/var/cache/mtls-wine';

/** Why the Windows tier cannot run on this machine; undefined when it can. */
export function windowsKitMissing(): string | undefined {
  if (!existsSync(SHARED_DIR)) return `${SHARED_DIR} not found (a clone without shared/ beside it)`;
  if (!existsSync(RUN_SH)) return `${RUN_SH} not found`;
  if (!existsSync(WINDOWS_OPENSSL)) return `${WINDOWS_OPENSSL} not found`;
  if (process.getuid?.() !== 0) return 'not root (the kit mounts and chroots)';
  const stamp = path.join(wineRoot(), 'stamp');
  if (!existsSync(stamp)) return `no Wine set-up (${stamp} missing): run ../shared/windows/setup.sh as root`;
  return undefined;
}

/**
 * A describe block that runs only where the kit is set up. Elsewhere: a skipped "SKIPPED: …" test and a
 * console warning; but in CI (CI=true) with ../shared present, a failing test, since .ci/run sets the kit up
 * there and a skip would hide that it did not.
 */
export function describeWindows(title: string, body: () => void): void {
  const missing = windowsKitMissing();
  if (missing === undefined) {
    describe(title, body);
    return;
  }
  if (process.env.CI === 'true' && existsSync(SHARED_DIR)) {
    describe(title, () => {
      it('has the Wine kit, which .ci/run sets up', () => {
        throw new Error(`the Windows tier cannot run: ${missing}`);
      });
    });
    return;
  }
  // A suite whose every test is skipped has its console output dropped by Jest: one test that checks the
  // reason keeps the warning in the output.
  const reason = `SKIPPED: ${missing}`;
  console.warn(`${title}: ${reason}`);
  describe(title, () => {
    it(`is skipped here: ${missing}`, () => expect(windowsKitMissing()).toBe(missing));
    it.skip(reason, () => undefined);
  });
}

/** A path of this machine as node.exe sees it under the kit: drive Z: is the chroot's `/` (run.sh --winpath). */
export function windowsPath(hostPath: string): string {
  if (!path.isAbsolute(hostPath)) throw new Error(`windowsPath: not an absolute path: ${hostPath}`);
  return `Z:${path.resolve(hostPath).replaceAll('/', '\\')}`;
}

/** The Linux path of a `Z:\…` path the action printed; anything else (C:\ is inside the Wine prefix) throws. */
export function hostPathOf(winPath: string): string {
  const match = /^[Zz]:(\\.*)$/.exec(winPath);
  if (match === null) throw new Error(`not a path on drive Z: (this machine's /): ${winPath}`);
  return path.posix.normalize(match[1].replaceAll('\\', '/'));
}

export interface WindowsRunOptions extends RunActionOptions {
  /** Folders (Linux paths) for the Windows PATH, in order, before Wine's own; none: Wine's PATH only. */
  pathDirs?: string[];
  /** More Linux folders node.exe must see (e.g. the folder of an `openssl-path`); the run's own are bound. */
  binds?: string[];
  /**
   * ProgramFiles for the action. Wine sets it from its registry in every new process (also in a child given
   * another value), so the kit cannot pass it; a `--import` preload sets it in the action's process before
   * dist/index.js runs, as a runner whose Program Files is elsewhere would have it.
   */
  programFiles?: string;
}

// The kit's README: three runs at once passed. A test file that starts more waits for a slot.
const MAX_AT_ONCE = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

const execFileAsync = promisify(execFile);

/** The kit's own mapping of `hostPath`, to check {@link windowsPath} against it (the kit is the reference). */
async function kitWinpath(hostPath: string): Promise<string> {
  const { stdout } = await execFileAsync('bash', [RUN_SH, '--winpath', hostPath]);
  return stdout.trim();
}

const PRELOAD_PROGRAM_FILES = `data:text/javascript,process.env.ProgramFiles=process.env.MTLS_TEST_PROGRAMFILES`;

/**
 * Runs the action under node.exe as a Windows runner would, and collects everything a workflow could observe;
 * with `post`, then its post step the same way (one more Wine run).
 */
export async function runActionOnWindows(opts: WindowsRunOptions = {}): Promise<ActionRun> {
  if (opts.path !== undefined || opts.killWhen !== undefined) {
    throw new Error(
      'runActionOnWindows: use pathDirs for PATH; killWhen needs a live log, which run.sh has not',
    );
  }
  const step = await prepareStep(opts, windowsPath);
  let child: ChildResult;
  try {
    const kit = await kitWinpath(step.root);
    if (kit !== windowsPath(step.root)) throw new Error(`run.sh --winpath ${step.root} says ${kit}`);
    child = await inSlot(() => runKit(step.entry, step.env, step, opts));
  } catch (err) {
    await step.cleanup();
    throw err;
  }
  const run = await collectRun(step, child, opts, hostPathOf);
  // The kill options are about the main step; the post step gets the time limit only.
  const postOpts: WindowsRunOptions = { ...opts, killAfterMs: undefined, killOn: undefined };
  return withPost(
    run,
    step,
    opts,
    (post) => inSlot(() => runKit(post.entry, post.env, step, postOpts)),
    windowsPath,
  );
}

async function inSlot<T>(start: () => Promise<T>): Promise<T> {
  const release = await slot();
  try {
    return await start();
  } finally {
    release();
  }
}

/**
 * The environment a Windows runner gives the step: `base` (the Linux one's with Windows paths, `opts.env` in
 * it) without HOME/TMPDIR, with RUNNER_OS=Windows and the Windows PATH; `opts.env` still decides all three.
 */
function windowsEnv(base: Record<string, string>, opts: WindowsRunOptions): Record<string, string> {
  const given = opts.env ?? {};
  const env: Record<string, string> = { ...base, RUNNER_OS: given.RUNNER_OS ?? 'Windows' };
  // Windows has USERPROFILE and TEMP instead, set by Wine (TEMP cannot be overridden: see the kit's README).
  for (const name of ['HOME', 'TMPDIR', 'PATH']) if (!(name in given)) delete env[name];
  if (opts.pathDirs !== undefined && !('PATH' in given)) env.PATH = opts.pathDirs.map(windowsPath).join(';');
  if (opts.programFiles !== undefined && !('MTLS_TEST_PROGRAMFILES' in given)) {
    env.MTLS_TEST_PROGRAMFILES = windowsPath(opts.programFiles);
  }
  return env;
}

/** Starts `entry` (a host path) under node.exe with `base` as the step's environment (see windowsEnv). */
function runKit(
  entry: string,
  base: Record<string, string>,
  step: PreparedStep,
  opts: WindowsRunOptions,
): Promise<ChildResult> {
  const env = windowsEnv(base, opts);
  const cwd = hostPathOf(env.GITHUB_WORKSPACE);
  const binds = [
    ...new Set([step.root, path.dirname(entry), cwd, ...(opts.pathDirs ?? []), ...(opts.binds ?? [])]),
  ];
  const nodeArgs = [
    ...(opts.programFiles === undefined ? [] : ['--import', PRELOAD_PROGRAM_FILES]),
    windowsPath(entry),
  ];
  const args = [
    RUN_SH,
    '--quiet',
    ...binds.flatMap((dir) => ['--bind', dir]),
    '--cwd',
    cwd,
    ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    '--',
    ...nodeArgs,
  ];
  return new Promise<ChildResult>((resolvePromise, reject) => {
    // Its own process group: a timeout ends run.sh (whose trap ends Wine and removes its /tmp folder), then
    // anything left of the group.
    const child = spawn('bash', args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MTLS_WINE_ROOT: wineRoot() },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let exited = false;
    const signal = (name: NodeJS.Signals, group: boolean) => {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(group ? -child.pid : child.pid, name);
      } catch {
        // already gone
      }
    };
    const stop = () => {
      signal('SIGTERM', false);
      timers.push(setTimeout(() => signal('SIGKILL', true), 5_000));
    };
    const timers = [
      setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs ?? 120_000),
    ];
    if (opts.killAfterMs !== undefined) timers.push(setTimeout(stop, opts.killAfterMs));
    opts.killOn?.then(stop, stop);
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (err) => {
      timers.forEach(clearTimeout);
      reject(err);
    });
    child.on('close', (exitCode, signalName) => {
      exited = true;
      timers.forEach(clearTimeout);
      if (exitCode === 125 && !timedOut) {
        reject(new Error(`run.sh could not start node.exe (exit 125): ${stderr.trim()}`));
        return;
      }
      // run.sh hands over node.exe's stdout and stderr only at the end, one after the other, so their order
      // is lost. stderr goes first: anything on it counts as printed before every ::add-mask:: (stdout),
      // which is the strict reading for the mask-order check.
      const log = `${stderr}${stderr === '' || stderr.endsWith('\n') ? '' : '\n'}${stdout}`;
      resolvePromise({ exitCode, signal: signalName, stdout, stderr, log, timedOut });
    });
  });
}

type WindowsOnly = Pick<WindowsRunOptions, 'pathDirs' | 'binds' | 'programFiles'>;

export type WindowsRotationOptions = RotationOptions & WindowsOnly;

/** {@link runRotation} (every e2e check: log scan, masks, leftovers) with the step started under the kit. */
export function runRotationOnWindows(
  bed: TestBed,
  inputs: Record<string, string>,
  options: WindowsRotationOptions = {},
): Promise<ActionRun> {
  const { pathDirs, binds, programFiles, ...rotation } = options;
  return runRotation(bed, inputs, {
    ...rotation,
    launch: (run) => runActionOnWindows({ ...run, pathDirs, binds, programFiles }),
  });
}

/** {@link runExport} (main and post step, the export checks: log scan, masks, leftovers) under the kit. */
export function runExportOnWindows(
  inputs: Record<string, string>,
  options: ExportRunOptions & WindowsOnly,
): Promise<ActionRun> {
  const { pathDirs, binds, programFiles, ...exported } = options;
  return runExport(inputs, {
    ...exported,
    launch: (run) => runActionOnWindows({ ...run, pathDirs, binds, programFiles }),
  });
}
