import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  evaluateDefault,
  inputEnvName,
  parseKeyValueFile,
  runAction,
  type ActionRun,
  type RunnerDirs,
} from '../support/action-runner.js';
import { node24Path } from '../support/node24.js';
import { tempDir } from '../support/temp.js';

const dirList = (d: RunnerDirs) => [d.runnerTemp, d.workspace, d.home, d.tmp];

const ACTION_YML = `name: fixture
description: proves the runner emulation
inputs:
  client-id:
    required: true
  github-api-url:
    default: \${{ github.api_url }}
  repository:
    default: '\${{github.repository}}'
  github-token:
    default: \${{ github.token }}
  work-dir:
    default: \${{ runner.temp }}/work
  dry-run:
    default: false
  renew-before-days:
    default: 30
  display name:
    default: a b
  no-default:
    description: not given and no default, so not set at all
runs:
  using: node24
  main: main.mjs
`;

// No dependencies: speaks the runner's protocols by hand, the way @actions/core does.
const MAIN_MJS = `import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const esc = (s) => s.replace(/%/g, '%25').replace(/\\r/g, '%0D').replace(/\\n/g, '%0A');
const escProp = (s) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const out = (name, value) => {
  const d = 'ghadelimiter_1234';
  appendFileSync(process.env.GITHUB_OUTPUT, name + '<<' + d + '\\n' + value + '\\n' + d + '\\n');
};
const inputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')));
console.log('::add-mask::' + esc('s3cr%t\\nline two'));
console.log('hello from the fixture');
appendFileSync(process.env.GITHUB_OUTPUT, 'version=' + process.version + '\\n');
out('multi', 'first line\\nsecond = line');
out('inputs', JSON.stringify(inputs));
out('env-keys', Object.keys(process.env).sort().join(','));
out('cwd', process.cwd());
appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Fixture\\n\\nall good\\n');
writeFileSync(join(process.env.RUNNER_TEMP, 'left.txt'), 'x');
writeFileSync(join(tmpdir(), 'tmp-left.txt'), 'x');
console.log('::group::Details');
console.log('::debug::a debug line');
console.log('::endgroup::');
console.log('::warning title=' + escProp('T: a, b') + '::careful');
console.log('::error file=' + escProp('src/a:b,c.ts') + ',line=3::' + esc('bad\\nnews at 100%'));
process.stderr.write('to stderr\\n');
if (process.env.CONTROL_SOCKET) {
  // Waits for the test (controlSocket below): ends only when it writes a line, or by a kill.
  const control = connect(process.env.CONTROL_SOCKET);
  await new Promise((resolve) => control.once('connect', resolve));
  control.write('action\\n');
  if (process.env.LATE_CHILD) {
    // A grandchild that writes a file when the test asks: a hard kill must take it down too.
    const late = fileURLToPath(new URL('late.mjs', import.meta.url));
    const file = join(process.env.RUNNER_TEMP, 'late.txt');
    spawn(process.execPath, [late, process.env.CONTROL_SOCKET, file], { stdio: 'ignore' });
  }
  console.log('waiting');
  await new Promise((resolve) => control.once('data', resolve));
  control.end();
}
process.exitCode = 1;
`;

const LATE_MJS = `import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
const [socketPath, file] = process.argv.slice(2);
const control = connect(socketPath, () => control.write('grandchild\\n'));
control.once('data', () => {
  writeFileSync(file, 'x');
  control.end('wrote\\n');
});
`;

/**
 * A Unix socket the fixture (and its grandchild) connect to, each first writing its name on a line; the
 * test then writes to it when it chooses. So the fixture waits for the test, not for a clock. (In a folder
 * of its own right under the temp folder: a socket path is limited to about 100 bytes.)
 */
async function controlSocket() {
  const socketPath = join(await tempDir('ctl-'), 's');
  const arrivals = new Map<string, { arrived: Promise<Socket>; arrive: (socket: Socket) => void }>();
  const arrival = (name: string) => {
    let known = arrivals.get(name);
    if (known === undefined) {
      let arrive: (socket: Socket) => void = () => undefined;
      const arrived = new Promise<Socket>((resolve) => (arrive = resolve));
      known = { arrived, arrive };
      arrivals.set(name, known);
    }
    return known;
  };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // a killed peer resets its end
    socket.once('data', (line) => arrival(String(line).trim()).arrive(socket));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    path: socketPath,
    /** Resolves with the connection of `name` ('action', 'grandchild') once it has said its name. */
    arrived: (name: string) => arrival(name).arrived,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** Writes `line` to a peer: resolves with its answer, or 'gone' once its end is closed (it has exited). */
function ask(socket: Socket, line: string): Promise<string> {
  if (socket.destroyed) return Promise.resolve('gone');
  return new Promise((resolve) => {
    socket.once('data', (answer) => resolve(String(answer).trim()));
    socket.once('close', () => resolve('gone'));
    socket.write(`${line}\n`);
  });
}

describe('runAction (runner emulation)', () => {
  let actionDir: string;
  let run: ActionRun;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    actionDir = await tempDir('fixture-action-');
    await writeFile(join(actionDir, 'action.yml'), ACTION_YML);
    await writeFile(join(actionDir, 'main.mjs'), MAIN_MJS);
    await writeFile(join(actionDir, 'late.mjs'), LATE_MJS);
    process.env.LEAK_CANARY = 'should-not-reach-the-action';
    run = await runAction({
      actionDir,
      inputs: { 'client-id': 'demo_1', 'renew-before-days': '10' },
      apiUrl: 'http://127.0.0.1:9/api',
      githubToken: 'ghs_test',
      runtimeToken: 'runtime-token',
      resultsUrl: 'http://127.0.0.1:9/results/',
      env: { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem', EXTRA: '1' },
    });
    runs.push(run);
  });
  afterAll(async () => {
    delete process.env.LEAK_CANARY;
    await Promise.all(runs.map((r) => r.cleanup()));
  });

  it('runs the entry on Node 24 and reports its exit', () => {
    expect(run.outputs.version).toMatch(/^v24\./);
    expect(run.exitCode).toBe(1);
    expect(run.signal).toBeNull();
  });

  it('names inputs like the runner and applies action.yml defaults', () => {
    expect(JSON.parse(run.outputs.inputs)).toEqual({
      'INPUT_CLIENT-ID': 'demo_1',
      'INPUT_GITHUB-API-URL': 'http://127.0.0.1:9/api',
      INPUT_REPOSITORY: 'octo-org/payments',
      'INPUT_GITHUB-TOKEN': 'ghs_test',
      'INPUT_WORK-DIR': `${run.dirs.runnerTemp}/work`,
      'INPUT_DRY-RUN': 'false',
      'INPUT_RENEW-BEFORE-DAYS': '10',
      INPUT_DISPLAY_NAME: 'a b',
    });
    expect(inputEnvName('client-id')).toBe('INPUT_CLIENT-ID');
  });

  it('passes the runner environment and nothing else of the test process', () => {
    const keys = run.outputs['env-keys'].split(',');
    expect(keys).not.toContain('LEAK_CANARY');
    expect(keys).not.toContain('NODE_OPTIONS');
    expect(keys).not.toContain('JEST_WORKER_ID');
    expect(keys).toEqual(
      expect.arrayContaining([
        'PATH',
        'HOME',
        'TMPDIR',
        'CI',
        'GITHUB_ACTIONS',
        'GITHUB_REPOSITORY',
        'GITHUB_API_URL',
        'GITHUB_SERVER_URL',
        'GITHUB_RUN_ID',
        'GITHUB_RUN_ATTEMPT',
        'GITHUB_JOB',
        'GITHUB_WORKFLOW',
        'GITHUB_SHA',
        'GITHUB_REF',
        'GITHUB_EVENT_NAME',
        'GITHUB_EVENT_PATH',
        'GITHUB_WORKSPACE',
        'GITHUB_OUTPUT',
        'GITHUB_STEP_SUMMARY',
        'GITHUB_ENV',
        'GITHUB_STATE',
        'GITHUB_PATH',
        'RUNNER_OS',
        'RUNNER_ARCH',
        'RUNNER_NAME',
        'RUNNER_TEMP',
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_RESULTS_URL',
        'NODE_EXTRA_CA_CERTS',
        'EXTRA',
      ]),
    );
    expect(run.outputs.cwd).toBe(run.dirs.workspace);
  });

  it('parses outputs in both forms, and the step summary', () => {
    expect(run.outputs.multi).toBe('first line\nsecond = line');
    expect(Object.keys(run.outputs).sort()).toEqual(['cwd', 'env-keys', 'inputs', 'multi', 'version']);
    expect(run.summary).toBe('## Fixture\n\nall good\n');
  });

  it('parses and unescapes workflow commands', () => {
    expect(run.masks).toEqual(['s3cr%t\nline two']);
    expect(run.errors).toEqual(['bad\nnews at 100%']);
    expect(run.warnings).toEqual(['careful']);
    expect(run.commands).toEqual([
      { command: 'add-mask', props: {}, message: 's3cr%t\nline two' },
      { command: 'group', props: {}, message: 'Details' },
      { command: 'debug', props: {}, message: 'a debug line' },
      { command: 'endgroup', props: {}, message: '' },
      { command: 'warning', props: { title: 'T: a, b' }, message: 'careful' },
      { command: 'error', props: { file: 'src/a:b,c.ts', line: '3' }, message: 'bad\nnews at 100%' },
    ]);
  });

  it('keeps stdout, stderr and their interleaving', () => {
    expect(run.stdout).toContain('hello from the fixture\n');
    expect(run.stdout).not.toContain('to stderr');
    expect(run.stderr).toBe('to stderr\n');
    expect(run.log.length).toBe(run.stdout.length + run.stderr.length);
    expect(run.log).toContain('to stderr\n');
  });

  it('lists files left in the runner folders, but not its own file-command files', () => {
    expect(run.leftovers()).toEqual(['runnerTemp/left.txt', 'tmp/tmp-left.txt']);
    for (const dir of dirList(run.dirs)) expect(existsSync(dir)).toBe(true);
  });

  it('removes everything on cleanup', async () => {
    const extra = await runAction({ actionDir, inputs: { 'client-id': 'x' } });
    await extra.cleanup();
    for (const dir of dirList(extra.dirs)) expect(existsSync(dir)).toBe(false);
  });

  it('hard-kills the action and its children when killOn settles', async () => {
    const control = await controlSocket();
    try {
      const killed = await runAction({
        actionDir,
        inputs: { 'client-id': 'x' },
        env: { CONTROL_SOCKET: control.path, LATE_CHILD: '1' },
        killOn: control.arrived('grandchild'), // the grandchild runs
      });
      runs.push(killed);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.exitCode).toBeNull();
      // A grandchild that outlived the kill would write late.txt and answer; a killed one's socket closes.
      expect(await ask(await control.arrived('grandchild'), 'write late.txt')).toBe('gone');
      expect(killed.leftovers()).toEqual(['runnerTemp/left.txt', 'tmp/tmp-left.txt']);
    } finally {
      await control.close();
    }
  });

  it('hard-kills the action after killAfterMs', async () => {
    const control = await controlSocket(); // never answered: only a kill ends the action
    try {
      const killed = await runAction({
        actionDir,
        inputs: { 'client-id': 'x' },
        env: { CONTROL_SOCKET: control.path },
        killAfterMs: 100,
      });
      runs.push(killed);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.exitCode).toBeNull();
    } finally {
      await control.close();
    }
  });

  it('hard-kills the action when killWhen says so', async () => {
    const control = await controlSocket();
    let said = false;
    try {
      const killed = await runAction({
        actionDir,
        inputs: { 'client-id': 'x' },
        env: { CONTROL_SOCKET: control.path },
        killWhen: (log) => {
          if (said || !log.includes('waiting')) return said;
          said = true;
          // Told to end right after the kill: an action the kill missed exits by itself, with code 1.
          void control.arrived('action').then((socket) => ask(socket, 'exit'));
          return true;
        },
      });
      runs.push(killed);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.exitCode).toBeNull();
    } finally {
      await control.close();
    }
  });

  it('rejects when the action outlives its timeout', async () => {
    const control = await controlSocket(); // never answered: the action waits until it is killed
    try {
      await expect(
        runAction({
          actionDir,
          inputs: { 'client-id': 'x' },
          env: { CONTROL_SOCKET: control.path },
          timeoutMs: 1000,
        }),
      ).rejects.toThrow(/timed out after 1000 ms/);
    } finally {
      await control.close();
    }
  });

  it('refuses inputs that action.yml does not declare', async () => {
    await expect(runAction({ actionDir, inputs: { 'client-idd': 'x' } })).rejects.toThrow(/client-idd/);
  });

  it('resolves Node 24 once', async () => {
    const [a, b] = await Promise.all([node24Path(), node24Path()]);
    expect(a).toBe(b);
  });
});

describe('runner helpers', () => {
  it('evaluates the supported default expressions and throws on others', () => {
    const ctx = { 'github.api_url': 'https://api.example', 'runner.temp': '/t' };
    expect(evaluateDefault('${{ github.api_url }}', ctx)).toBe('https://api.example');
    expect(evaluateDefault('${{runner.temp}}/x', ctx)).toBe('/t/x');
    expect(evaluateDefault('plain', ctx)).toBe('plain');
    expect(() => evaluateDefault('${{ inputs.mode }}', ctx)).toThrow(/inputs\.mode/);
  });

  it('parses key=value and heredoc file commands', () => {
    const file = 'a=1\nb=x=y\nc<<EOF\nl1\r\nl2\nEOF\nd<<ghadelimiter_1\n\nghadelimiter_1\na=2\n';
    // A heredoc value keeps its own line ends, as both runners keep them; a line may end with CRLF.
    expect(parseKeyValueFile(file)).toEqual({ a: '2', b: 'x=y', c: 'l1\r\nl2', d: '' });
    expect(parseKeyValueFile('a=1\r\nc<<EOF\r\nl1\nl2\r\nEOF\r\n')).toEqual({ a: '1', c: 'l1\nl2' });
    expect(() => parseKeyValueFile('c<<EOF\nnever closed\n')).toThrow(/delimiter/);
  });
});
