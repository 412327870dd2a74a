import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
if (process.env.LATE_CHILD) {
  // A grandchild that would write a file later: a hard kill must take it down too.
  const late = 'setTimeout(() => require("fs").writeFileSync(process.argv[1], "x"), 1500)';
  spawn(process.execPath, ['-e', late, join(process.env.RUNNER_TEMP, 'late.txt')], { stdio: 'ignore' });
}
if (process.env.SLEEP_MS) {
  console.log('sleeping');
  await new Promise((r) => setTimeout(r, Number(process.env.SLEEP_MS)));
}
process.exitCode = 1;
`;

describe('runAction (runner emulation)', () => {
  let actionDir: string;
  let run: ActionRun;
  const runs: ActionRun[] = [];

  beforeAll(async () => {
    actionDir = await mkdtemp(join(tmpdir(), 'fixture-action-'));
    await writeFile(join(actionDir, 'action.yml'), ACTION_YML);
    await writeFile(join(actionDir, 'main.mjs'), MAIN_MJS);
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
    await rm(actionDir, { recursive: true, force: true });
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

  it('hard-kills the action and its children after killAfterMs', async () => {
    const killed = await runAction({
      actionDir,
      inputs: { 'client-id': 'x' },
      env: { SLEEP_MS: '20000', LATE_CHILD: '1' },
      killAfterMs: 500,
    });
    runs.push(killed);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.exitCode).toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    expect(killed.leftovers()).toEqual(['runnerTemp/left.txt', 'tmp/tmp-left.txt']);
  });

  it('hard-kills the action when killWhen says so', async () => {
    const started = Date.now();
    const killed = await runAction({
      actionDir,
      inputs: { 'client-id': 'x' },
      env: { SLEEP_MS: '20000' },
      killWhen: (log) => log.includes('sleeping'),
    });
    runs.push(killed);
    expect(killed.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects when the action outlives its timeout', async () => {
    await expect(
      runAction({ actionDir, inputs: { 'client-id': 'x' }, env: { SLEEP_MS: '20000' }, timeoutMs: 1000 }),
    ).rejects.toThrow(/timed out after 1000 ms/);
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
