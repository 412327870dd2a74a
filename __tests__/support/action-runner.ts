// Runs a bundled JavaScript action the way the GitHub runner's node24 handler does: inputs as INPUT_* env,
// defaults from action.yml, file commands, a clean environment and fresh runner directories, so tests see
// exactly what a workflow would (outputs, summary, annotations, masks, and files left behind).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseWorkflowCommands } from './log-scan.js';
import { node24Path } from './node24.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunActionOptions {
  /** Values of `with:`; names as in action.yml (`client-id`). */
  inputs?: Record<string, string>;
  /** Folder holding action.yml (default: the repository root). */
  actionDir?: string;
  /** Script to run (default: `runs.main` of action.yml, else `<actionDir>/dist/index.js`). */
  entry?: string;
  /** GITHUB_API_URL and `${{ github.api_url }}` (default https://api.github.com). */
  apiUrl?: string;
  serverUrl?: string;
  /** GITHUB_REPOSITORY (default octo-org/payments). */
  repository?: string;
  /** Value of `${{ github.token }}` in defaults. */
  githubToken?: string;
  /** ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL, for the artifact client. */
  runtimeToken?: string;
  resultsUrl?: string;
  eventName?: string;
  event?: unknown;
  /** PATH for the action (default: the test process's PATH, so openssl is found). */
  path?: string;
  /** Applied last; the only way to pass anything else (e.g. NODE_EXTRA_CA_CERTS). */
  env?: Record<string, string>;
  /** Hard limit; the run is killed and runAction rejects (default 60 s). */
  timeoutMs?: number;
  /** SIGKILL the action after this long (the run then resolves with signal SIGKILL). */
  killAfterMs?: number;
  /** SIGKILL the action as soon as this returns true for the log so far. */
  killWhen?: (logSoFar: string) => boolean;
  /** SIGKILL the action when this settles (e.g. a fake's hold: the request the action is waiting on arrived). */
  killOn?: Promise<unknown>;
  /** Pass inputs that action.yml does not declare (the runner only warns); by default they throw. */
  allowUnexpectedInputs?: boolean;
  /** Names of the runner folders inside the run's temp root (e.g. `runner temp`, with a space). */
  dirNames?: Partial<RunnerDirs>;
  /**
   * Run action.yml's `runs.post` after the main step, as the runner does when the job ends (`post-if:
   * always()`: whatever the main step did): same inputs, the main step's saved state as STATE_* variables,
   * fresh file-command files. `between` runs first, while the main step's files are still there (the job's
   * later steps). `env` is applied last (e.g. a STATE_* variable the test forges).
   */
  post?: { between?: (main: ActionRun) => Promise<void> | void; env?: Record<string, string> };
}

/** What the post step did. */
export interface PostRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  log: string;
  /** The STATE_* variables it was given (name without the prefix). */
  state: Record<string, string>;
  commands: ParsedCommand[];
  errors: string[];
  warnings: string[];
}

export interface ParsedCommand {
  command: string;
  props: Record<string, string>;
  message: string;
}

export interface RunnerDirs {
  runnerTemp: string;
  workspace: string;
  home: string;
  tmp: string;
}

export interface ActionRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order, as in the step log (unmasked). */
  log: string;
  outputs: Record<string, string>;
  summary: string;
  commands: ParsedCommand[];
  errors: string[];
  warnings: string[];
  masks: string[];
  /** The post step, when `post` was asked for. */
  post: PostRun | undefined;
  dirs: RunnerDirs;
  /** The file-command files and the event file the step was given (host paths), as the action left them. */
  files: RunnerFiles;
  /** Files remaining under the runner dirs, relative to their common root (`runnerTemp/x.csr`). */
  leftovers(): string[];
  /**
   * The path on this machine of a path the action printed or was given (`csr-path`): itself for a Linux run,
   * the Linux path of a Windows one (`Z:\\tmp\\x` → `/tmp/x`) for a run under the Wine kit.
   */
  hostPath(actionPath: string): string;
  cleanup: () => Promise<void>;
}

interface ActionYml {
  /** Every declared input, with its default text when it has one. */
  inputs: Map<string, string | undefined>;
  main?: string;
  post?: string;
}

const DEFAULT_API_URL = 'https://api.github.com';
const DEFAULT_SERVER_URL = 'https://github.com';
const DEFAULT_REPOSITORY = 'octo-org/payments';

const DIR_NAMES: Record<keyof RunnerDirs, string> = {
  runnerTemp: 'runnerTemp',
  workspace: 'workspace',
  home: 'home',
  tmp: 'tmp',
};

// Where the runner keeps its own files inside RUNNER_TEMP; those files are not the action's leftovers.
const FILE_COMMANDS_DIR = '_runner_file_commands';
const EVENT_DIR = '_github_workflow';
const FILE_COMMANDS = ['OUTPUT', 'STEP_SUMMARY', 'ENV', 'STATE', 'PATH'] as const;

/** The runner's input variable name: upper case, spaces to `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

// Parsing action.yml takes ~15 ms and a suite prepares hundreds of steps: one parse per file and content.
const parsed = new Map<string, ActionYml>();

function readActionYml(actionDir: string): ActionYml | undefined {
  const file = ['action.yml', 'action.yaml'].map((f) => join(actionDir, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  const text = readFileSync(file, 'utf8');
  const key = `${file}\n${text}`;
  const known = parsed.get(key) ?? parseActionYml(file, text);
  parsed.set(key, known);
  return known;
}

function parseActionYml(file: string, text: string): ActionYml {
  const doc = parseYaml(text) as {
    inputs?: Record<string, { default?: unknown } | null>;
    runs?: { using?: string; main?: string; post?: string };
  };
  if (doc.runs?.using !== 'node24')
    throw new Error(`${file}: runs.using is ${doc.runs?.using}, expected node24`);
  const inputs = new Map<string, string | undefined>();
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    inputs.set(name, scalarText(file, name, spec?.default));
  }
  return { inputs, main: doc.runs.main, post: doc.runs.post };
}

// YAML reads `false` and `30` as non-strings; the runner passes their text.
function scalarText(file: string, name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw new Error(`${file}: default of input ${name} is not a scalar`);
}

/** Replaces the few `${{ }}` expressions input defaults use; anything else throws so we notice. */
export function evaluateDefault(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_match, expr: string) => {
    const known = Object.hasOwn(context, expr) ? context[expr] : undefined;
    if (known === undefined)
      throw new Error(`action-runner cannot evaluate \${{ ${expr} }} in an input default`);
    return known;
  });
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV file as the runner does: `name=value` lines and `name<<DELIMITER`
 * heredocs; a line ends at LF or CRLF (the Windows runner's; node.exe writes CRLF), and a heredoc value is the
 * text between its two lines as written, its own line ends included.
 */
export function parseKeyValueFile(content: string): Record<string, string> {
  const result: Record<string, string> = {};
  let index = 0;
  let lineNo = 0;
  const readLine = (): { line: string; end: number } | undefined => {
    if (index >= content.length) return undefined;
    const lf = content.indexOf('\n', index);
    const stop = lf < 0 ? content.length : lf;
    const end = stop > index && content[stop - 1] === '\r' ? stop - 1 : stop;
    const line = content.slice(index, end);
    index = lf < 0 ? content.length : lf + 1;
    lineNo++;
    return { line, end };
  };
  for (let read = readLine(); read !== undefined; read = readLine()) {
    const { line } = read;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      result[checkName(line.slice(0, eq))] = line.slice(eq + 1);
      continue;
    }
    if (heredoc < 0) throw new Error(`file command line ${lineNo} is neither name=value nor name<<DELIMITER`);
    const name = checkName(line.slice(0, heredoc));
    const delimiter = line.slice(heredoc + 2);
    if (delimiter === '') throw new Error(`file command '${name}': empty delimiter`);
    const start = index;
    let valueEnd = start;
    for (let next = readLine(); next?.line !== delimiter; next = readLine()) {
      if (next === undefined) throw new Error(`file command '${name}': matching delimiter not found`);
      valueEnd = next.end;
    }
    result[name] = content.slice(start, valueEnd);
  }
  return result;
}

function checkName(name: string): string {
  if (name === '') throw new Error('file command line with an empty name');
  return name;
}

/** Files (not directories) under `root`, relative to `base`, except the `ignore` paths (absolute). */
function listFiles(root: string, base: string, ignore: Set<string>): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(root)) {
    const full = join(root, entry);
    if (ignore.has(full)) continue;
    if (lstatSync(full).isDirectory()) found.push(...listFiles(full, base, ignore));
    else found.push(relative(base, full));
  }
  return found.sort();
}

async function makeDirs(names: Partial<RunnerDirs> = {}): Promise<{ root: string; dirs: RunnerDirs }> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'action-run-')));
  const entries = Object.entries({ ...DIR_NAMES, ...names }).map(([key, name]) => [key, join(root, name)]);
  for (const [, dir] of entries) mkdirSync(dir);
  return { root, dirs: Object.fromEntries(entries) as RunnerDirs };
}

export interface RunnerFiles {
  fileCommands: Record<(typeof FILE_COMMANDS)[number], string>;
  eventPath: string;
}

function writeRunnerFiles(dirs: RunnerDirs, event: unknown): RunnerFiles {
  mkdirSync(join(dirs.runnerTemp, FILE_COMMANDS_DIR));
  mkdirSync(join(dirs.runnerTemp, EVENT_DIR));
  const fileCommands = Object.fromEntries(
    FILE_COMMANDS.map((name) => {
      const file = join(dirs.runnerTemp, FILE_COMMANDS_DIR, `${name.toLowerCase()}_${randomUUID()}`);
      writeFileSync(file, '');
      return [name, file];
    }),
  ) as RunnerFiles['fileCommands'];
  const eventPath = join(dirs.runnerTemp, EVENT_DIR, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event, null, 2));
  return { fileCommands, eventPath };
}

function defaultEvent(eventName: string, repository: string): unknown {
  const [owner] = repository.split('/');
  const base = { repository: { full_name: repository, owner: { login: owner } }, sender: { login: owner } };
  return eventName === 'workflow_dispatch' ? { ...base, inputs: {}, ref: 'refs/heads/main' } : base;
}

/** How the action names a path of this machine: itself on Linux, `Z:\\…` under the Wine kit. */
export type RunnerPath = (hostPath: string) => string;

const samePath: RunnerPath = (hostPath) => hostPath;

function buildEnv(
  opts: RunActionOptions,
  dirs: RunnerDirs,
  files: RunnerFiles,
  inputEnv: Record<string, string>,
  runnerPath: RunnerPath,
): Record<string, string> {
  const repository = opts.repository ?? DEFAULT_REPOSITORY;
  const apiUrl = opts.apiUrl ?? DEFAULT_API_URL;
  const owner = repository.split('/')[0];
  const env: Record<string, string> = {
    PATH: opts.path ?? process.env.PATH ?? '/usr/bin:/bin',
    HOME: runnerPath(dirs.home),
    TMPDIR: runnerPath(dirs.tmp),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__run',
    GITHUB_ACTOR: owner,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: opts.serverUrl ?? DEFAULT_SERVER_URL,
    GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'rotate',
    GITHUB_WORKFLOW: 'Rotate Mangopay mTLS',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_EVENT_NAME: opts.eventName ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: runnerPath(files.eventPath),
    GITHUB_WORKSPACE: runnerPath(dirs.workspace),
    GITHUB_OUTPUT: runnerPath(files.fileCommands.OUTPUT),
    GITHUB_STEP_SUMMARY: runnerPath(files.fileCommands.STEP_SUMMARY),
    GITHUB_ENV: runnerPath(files.fileCommands.ENV),
    GITHUB_STATE: runnerPath(files.fileCommands.STATE),
    GITHUB_PATH: runnerPath(files.fileCommands.PATH),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: runnerPath(dirs.runnerTemp),
    ...inputEnv,
  };
  if (opts.runtimeToken !== undefined) env.ACTIONS_RUNTIME_TOKEN = opts.runtimeToken;
  if (opts.resultsUrl !== undefined) env.ACTIONS_RESULTS_URL = opts.resultsUrl;
  return { ...env, ...opts.env };
}

function resolveInputs(
  opts: RunActionOptions,
  yml: ActionYml | undefined,
  dirs: RunnerDirs,
  runnerPath: RunnerPath,
): Record<string, string> {
  const given = opts.inputs ?? {};
  const context: Record<string, string> = {
    'github.api_url': opts.apiUrl ?? DEFAULT_API_URL,
    'github.repository': opts.repository ?? DEFAULT_REPOSITORY,
    'github.token': opts.githubToken ?? 'ghs_emulatedRunnerToken0000000000000000',
    'github.server_url': opts.serverUrl ?? DEFAULT_SERVER_URL,
    'runner.temp': runnerPath(dirs.runnerTemp),
    'github.workspace': runnerPath(dirs.workspace),
  };
  const unexpected = Object.keys(given).filter((name) => yml && !yml.inputs.has(name));
  if (unexpected.length && !opts.allowUnexpectedInputs) {
    throw new Error(`inputs not declared in action.yml: ${unexpected.join(', ')}`);
  }
  const values: Record<string, string> = {};
  for (const [name, value] of yml?.inputs ?? []) {
    if (value !== undefined && !(name in given)) values[name] = evaluateDefault(value, context);
  }
  Object.assign(values, given);
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [inputEnvName(name), value]));
}

// A malformed GITHUB_OUTPUT fails the step on the runner; here the error carries the log to explain it.
function readOutputs(file: string, log: string): Record<string, string> {
  try {
    return parseKeyValueFile(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`GITHUB_OUTPUT: ${(err as Error).message}; log tail:\n${log.slice(-2000)}`);
  }
}

/** What a launcher saw of the action's process. */
export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  log: string;
  timedOut: boolean;
}

function runChild(
  node: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  opts: RunActionOptions,
) {
  return new Promise<ChildResult>((resolvePromise, reject) => {
    // Own process group, so a kill also takes down OpenSSL children that could still write files.
    const child = spawn(node, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let log = '';
    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timers = [
      setTimeout(() => {
        timedOut = true;
        kill();
      }, opts.timeoutMs ?? 60_000),
    ];
    if (opts.killAfterMs !== undefined) timers.push(setTimeout(kill, opts.killAfterMs));
    let exited = false;
    // Never signal a process group that is gone (its id could be reused).
    const killOnce = () => (exited ? undefined : kill());
    opts.killOn?.then(killOnce, killOnce);
    const onData = (which: 'stdout' | 'stderr') => (text: string) => {
      if (which === 'stdout') stdout += text;
      else stderr += text;
      log += text;
      if (opts.killWhen?.(log)) kill();
    };
    // setEncoding keeps multi-byte characters whole across chunks.
    child.stdout.setEncoding('utf8').on('data', onData('stdout'));
    child.stderr.setEncoding('utf8').on('data', onData('stderr'));
    child.on('error', (err) => {
      timers.forEach(clearTimeout);
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      exited = true;
      timers.forEach(clearTimeout);
      resolvePromise({ exitCode, signal, stdout, stderr, log, timedOut });
    });
  });
}

/** Everything the runner sets up before it starts a step: folders, file-command files, event, env. */
export interface PreparedStep {
  entry: string;
  root: string;
  dirs: RunnerDirs;
  files: RunnerFiles;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/**
 * Prepares one step as the runner's node24 handler does; the caller spawns `entry` and cleans up. Paths in
 * the environment and in input defaults are given as `runnerPath` names them (a Windows launcher's `Z:\\…`).
 */
export async function prepareStep(
  opts: RunActionOptions = {},
  runnerPath: RunnerPath = samePath,
): Promise<PreparedStep> {
  const actionDir = resolve(opts.actionDir ?? REPO_ROOT);
  const yml = readActionYml(actionDir);
  const entry = resolve(actionDir, opts.entry ?? yml?.main ?? 'dist/index.js');
  if (!existsSync(entry)) throw new Error(`action entry not found: ${entry} (run npm run package?)`);
  const { root, dirs } = await makeDirs(opts.dirNames);
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    const files = writeRunnerFiles(
      dirs,
      opts.event ??
        defaultEvent(opts.eventName ?? 'workflow_dispatch', opts.repository ?? DEFAULT_REPOSITORY),
    );
    const inputs = resolveInputs(opts, yml, dirs, runnerPath);
    const env = buildEnv(opts, dirs, files, inputs, runnerPath);
    return { entry, root, dirs, files, env, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * Everything a workflow could observe of a finished step (outputs, summary, commands, files left), from the
 * step's folders and what its launcher collected; cleans up and throws when the run timed out.
 */
export async function collectRun(
  step: PreparedStep,
  child: ChildResult,
  opts: RunActionOptions,
  hostPath: (actionPath: string) => string = samePath,
): Promise<ActionRun> {
  const { root, dirs, files, cleanup } = step;
  try {
    if (child.timedOut) {
      throw new Error(
        `action timed out after ${opts.timeoutMs ?? 60_000} ms; log tail:\n${child.log.slice(-2000)}`,
      );
    }
    const commands = parseWorkflowCommands(child.log).map(({ command, props, message }) => ({
      command,
      props,
      message,
    }));
    const messagesOf = (name: string) => commands.filter((c) => c.command === name).map((c) => c.message);
    const ignore = new Set([...Object.values(files.fileCommands), files.eventPath]);
    return {
      exitCode: child.exitCode,
      signal: child.signal,
      stdout: child.stdout,
      stderr: child.stderr,
      log: child.log,
      outputs: readOutputs(files.fileCommands.OUTPUT, child.log),
      summary: readFileSync(files.fileCommands.STEP_SUMMARY, 'utf8'),
      commands,
      errors: messagesOf('error'),
      warnings: messagesOf('warning'),
      masks: messagesOf('add-mask'),
      post: undefined,
      dirs,
      files,
      leftovers: () => listFiles(root, root, ignore),
      hostPath,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Runs the action under Node 24 as the runner would, and collects everything a workflow could observe. */
export async function runAction(opts: RunActionOptions = {}): Promise<ActionRun> {
  const node = await node24Path();
  const step = await prepareStep(opts);
  let child: ChildResult;
  try {
    child = await runChild(node, step.entry, step.dirs.workspace, step.env, opts);
  } catch (err) {
    await step.cleanup();
    throw err;
  }
  const run = await collectRun(step, child, opts);
  // Only the time limit applies to the post step: the kill options are about the main step.
  return withPost(run, step, opts, (post) =>
    runChild(node, post.entry, step.dirs.workspace, post.env, { timeoutMs: opts.timeoutMs }),
  );
}

/** The post step as the runner prepares it, for a launcher to start. */
export interface PreparedPost {
  /** action.yml's `runs.post`, resolved (a host path). */
  entry: string;
  /** The main step's environment, the main step's state as STATE_*, its own file-command files, `post.env`. */
  env: Record<string, string>;
  /** The state the main step saved (GITHUB_STATE, read as the runner reads it), name without the prefix. */
  state: Record<string, string>;
  /** Its own file-command files (host paths): the runner's, not the action's leftovers. */
  files: string[];
}

/**
 * When `opts.post` asks for it, runs the post step after `run` (its main step, from `step`) as the runner does
 * at the end of the job: `post.between` first, then `launch`; returns the main run with `post` set and the
 * post step's own files left out of `leftovers()`. Cleans up and throws on any failure to run it.
 */
export async function withPost(
  run: ActionRun,
  step: PreparedStep,
  opts: RunActionOptions,
  launch: (post: PreparedPost) => Promise<ChildResult>,
  runnerPath: RunnerPath = samePath,
): Promise<ActionRun> {
  if (opts.post === undefined) return run;
  try {
    const yml = readActionYml(resolve(opts.actionDir ?? REPO_ROOT));
    if (yml?.post === undefined) throw new Error('post asked for, but action.yml has no runs.post');
    await opts.post.between?.(run);
    const prepared = preparePost(resolve(opts.actionDir ?? REPO_ROOT, yml.post), step, opts, runnerPath);
    const child = await launch(prepared);
    if (child.timedOut) throw new Error(`post step timed out; log tail:\n${child.log.slice(-2000)}`);
    const own = new Set(prepared.files.map((file) => relative(step.root, file)));
    const main = run;
    return {
      ...main,
      post: collectPost(child, prepared),
      leftovers: () => main.leftovers().filter((file) => !own.has(file)),
    };
  } catch (err) {
    await run.cleanup();
    throw err;
  }
}

/** The post step: STATE_* from the main step's GITHUB_STATE file, its own file-command files. */
function preparePost(
  entry: string,
  step: PreparedStep,
  opts: RunActionOptions,
  runnerPath: RunnerPath,
): PreparedPost {
  // The runner reads GITHUB_STATE as GITHUB_ENV (EnvFileKeyValuePairs): CRLF or LF lines, heredocs.
  const state = parseKeyValueFile(readFileSync(step.files.fileCommands.STATE, 'utf8'));
  const files: string[] = [];
  const fresh = Object.fromEntries(
    FILE_COMMANDS.map((name) => {
      const file = join(
        step.dirs.runnerTemp,
        FILE_COMMANDS_DIR,
        `post_${name.toLowerCase()}_${randomUUID()}`,
      );
      writeFileSync(file, '');
      files.push(file);
      return [`GITHUB_${name}`, runnerPath(file)];
    }),
  );
  const env = Object.fromEntries(Object.entries(step.env).filter(([name]) => !name.startsWith('STATE_')));
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value;
  return { entry, env: { ...env, ...fresh, ...opts.post?.env }, state, files };
}

function collectPost(child: ChildResult, prepared: PreparedPost): PostRun {
  const commands = parseWorkflowCommands(child.log).map(({ command, props, message }) => ({
    command,
    props,
    message,
  }));
  const messagesOf = (name: string) => commands.filter((c) => c.command === name).map((c) => c.message);
  return {
    exitCode: child.exitCode,
    signal: child.signal,
    log: child.log,
    state: prepared.state,
    commands,
    errors: messagesOf('error'),
    warnings: messagesOf('warning'),
  };
}
