// Runs the bundled action once, the way the GitHub runner's node24 handler does (the same environment the
// test bed's action-runner.ts builds: INPUT_* from action.yml defaults + `with:`, file commands, fresh runner
// folders), and times the child process itself: from spawn() to its exit, with nothing of the harness
// inside the measured interval. Each stdout/stderr chunk is stamped on arrival, so a run's log doubles as a
// phase profile (cold start, OpenSSL, API calls, artifact upload) without touching the bundle.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  evaluateDefault,
  inputEnvName,
  parseKeyValueFile,
  REPO_ROOT,
} from '../../__tests__/support/action-runner.js';

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

interface ActionYml {
  /** Every declared input, with its default text when it has one. */
  inputs: Map<string, string | undefined>;
}

let actionYml: ActionYml | undefined;

function readActionYml(): ActionYml {
  if (actionYml) return actionYml;
  const doc = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
  };
  const inputs = new Map<string, string | undefined>();
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    // YAML reads `false` and `30` as non-strings; the runner passes their text.
    const value = spec?.default;
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    inputs.set(name, scalar ? String(value) : undefined);
  }
  actionYml = { inputs };
  return actionYml;
}

/** Fresh runner folders and file-command files, as the runner makes them before a step. */
async function prepare(opts: TimedActionOptions) {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'bench-run-')));
  const dirs = {
    runnerTemp: join(root, 'runnerTemp'),
    workspace: join(root, 'workspace'),
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  const commands = join(dirs.runnerTemp, '_runner_file_commands');
  mkdirSync(commands);
  const file = (name: string) => {
    const path = join(commands, `${name}_${randomUUID()}`);
    writeFileSync(path, '');
    return path;
  };
  const files = {
    output: file('output'),
    summary: file('step_summary'),
    env: file('env'),
    state: file('state'),
    path: file('path'),
  };
  mkdirSync(join(dirs.runnerTemp, '_github_workflow'));
  const eventPath = join(dirs.runnerTemp, '_github_workflow', 'event.json');
  const repository = opts.repository ?? 'octo-org/payments';
  const owner = repository.split('/')[0];
  writeFileSync(
    eventPath,
    JSON.stringify({
      repository: { full_name: repository, owner: { login: owner } },
      inputs: {},
      ref: 'refs/heads/main',
    }),
  );

  const context: Record<string, string> = {
    'github.api_url': opts.apiUrl,
    'github.repository': repository,
    'github.token': 'ghs_emulatedRunnerToken0000000000000000',
    'github.server_url': 'https://github.com',
    'runner.temp': dirs.runnerTemp,
    'github.workspace': dirs.workspace,
  };
  const inputs: Record<string, string> = {};
  const declared = readActionYml().inputs;
  for (const [name, value] of declared) {
    if (value !== undefined && !(name in opts.inputs))
      inputs[inputEnvName(name)] = evaluateDefault(value, context);
  }
  for (const [name, value] of Object.entries(opts.inputs)) {
    if (!declared.has(name)) throw new Error(`input ${name} is not declared in action.yml`);
    inputs[inputEnvName(name)] = value;
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__run',
    GITHUB_ACTOR: owner,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${opts.apiUrl}/graphql`,
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'rotate',
    GITHUB_WORKFLOW: 'Rotate Mangopay mTLS',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_PATH: files.path,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: dirs.runnerTemp,
    ...inputs,
  };
  if (opts.runtimeToken !== undefined) env.ACTIONS_RUNTIME_TOKEN = opts.runtimeToken;
  if (opts.resultsUrl !== undefined) env.ACTIONS_RESULTS_URL = opts.resultsUrl;
  return { root, dirs, files, env: { ...env, ...opts.env } };
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
  const entry = opts.entry ?? DIST_ENTRY;
  if (!existsSync(entry)) throw new Error(`${entry} not found: run npm run package first`);
  const { root, dirs, files, env } = await prepare(opts);
  try {
    const child = await timedSpawn(opts.node, [entry], { cwd: dirs.workspace, env });
    return {
      exitCode: child.exitCode,
      ms: child.ms,
      log: child.chunks.map((c) => c.text).join(''),
      chunks: child.chunks,
      outputs: parseKeyValueFile(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
