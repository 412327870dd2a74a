// README.md and docs/workflows.md are partly generated (inputs/outputs tables from action.yml, example
// workflows from examples/) and partly written by hand (troubleshooting quotes the action's messages). These
// tests keep both from drifting. How the documents link together: docs-layout.test.ts.
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  embeddedExamples,
  GENERATED_DOCS,
  generateDocs,
  generateReadme,
  parseActionMetadata,
  readSources,
  renderExamples,
  renderInputsTable,
  renderOutputsTable,
  renderReadme,
  replaceSection,
  REPO_ROOT,
  tableCell,
} from '../../scripts/generate-docs.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const generated = GENERATED_DOCS.map((file) => readFileSync(path.join(REPO_ROOT, file), 'utf8'));

const FIXTURE_ACTION = `name: fixture
description: fixture
inputs:
  mode:
    description: 'What to do: \`a\` or \`b\`.'
    required: false
    default: 'a'
  client-id:
    description: >-
      The client
      id.
    required: true
  token:
    description: |
      First paragraph,
      still first.

      Second | paragraph.
  old:
    description: 'Old input.'
    deprecationMessage: 'Use mode instead.'
  api-url:
    description: 'API.'
    default: '\${{ github.api_url }}'
outputs:
  state:
    description: 'The state.'
  csr:
    description: 'The CSR | PEM.'
runs:
  using: node24
  main: dist/index.js
`;

describe('generator', () => {
  const metadata = parseActionMetadata(FIXTURE_ACTION);

  it('renders the inputs table: default, required flag, escaped pipes, paragraphs, deprecation', () => {
    expect(renderInputsTable(metadata).split('\n')).toEqual([
      '| Input | Default | Description |',
      '| --- | --- | --- |',
      '| `mode` | `a` | What to do: `a` or `b`. |',
      '| `client-id` | **required** | The client id. |',
      '| `token` |  | First paragraph, still first.<br><br>Second \\| paragraph. |',
      '| `old` |  | Old input. **Deprecated:** Use mode instead. |',
      '| `api-url` | `${{ github.api_url }}` | API. |',
    ]);
  });

  it('renders the outputs table', () => {
    expect(renderOutputsTable(metadata).split('\n')).toEqual([
      '| Output | Description |',
      '| --- | --- |',
      '| `state` | The state. |',
      '| `csr` | The CSR \\| PEM. |',
    ]);
  });

  it('keeps table cells on one line', () => {
    expect(tableCell('  a\n  b\n\n\n c | d \n')).toBe('a b<br><br>c \\| d');
  });

  it('replaces only what lies between the markers, and is idempotent', () => {
    const document = '# T\n\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\n\nafter\n';
    const once = replaceSection(document, 'inputs', 'new table');
    expect(once).toBe('# T\n\n<!-- inputs:start -->\n\nnew table\n\n<!-- inputs:end -->\n\nafter\n');
    expect(replaceSection(once, 'inputs', 'new table')).toBe(once);
  });

  it('refuses a README without markers, or with a marker twice', () => {
    expect(() => replaceSection('no markers', 'inputs', 'x')).toThrow(/<!-- inputs:start -->/);
    expect(() =>
      replaceSection('<!-- inputs:start --><!-- inputs:end --><!-- inputs:start -->', 'inputs', 'x'),
    ).toThrow(/more than once/);
  });

  it('embeds example files verbatim and refuses unknown ones', () => {
    const document = 'a\n<!-- example:examples/x.yml -->\nstale\n<!-- example:end -->\nb\n';
    const rendered = renderExamples(document, { 'examples/x.yml': 'on: push\n' });
    expect(rendered).toBe(
      'a\n<!-- example:examples/x.yml -->\n\n```yaml\non: push\n```\n\n<!-- example:end -->\nb\n',
    );
    expect(embeddedExamples(rendered)).toEqual(['examples/x.yml']);
    expect(() => renderExamples(document, {})).toThrow(/examples\/x\.yml/);
  });

  it('renders a whole README from a fixture action.yml', () => {
    const document = [
      '# Fixture',
      '<!-- inputs:start -->',
      '<!-- inputs:end -->',
      '<!-- outputs:start -->',
      '<!-- outputs:end -->',
      '',
    ].join('\n');
    const rendered = renderReadme(document, { actionYml: FIXTURE_ACTION, examples: {} });
    expect(rendered).toContain('| `client-id` | **required** | The client id. |');
    expect(rendered).toContain('| `csr` | The CSR \\| PEM. |');
    expect(rendered).toContain('edit action.yml, not this table');
  });
});

describe('README.md and docs/workflows.md', () => {
  it('are what `npm run docs` generates from action.yml and examples/ (run `npm run docs`)', async () => {
    const docs = await generateDocs();
    expect(docs.map((doc) => doc.file)).toEqual([
      'README.md',
      'docs/workflows.md',
      'docs/rotation-issue.md',
      'docs/cli.md',
    ]);
    for (const doc of docs) expect(doc.current).toBe(doc.expected);
    expect((await generateReadme()).expected).toBe(readme);
  }, 60_000);

  it('are reported out of date when action.yml or an example changes and they do not', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'docs-drift-'));
    const stale = async () =>
      (await generateDocs(copy)).filter((doc) => doc.current !== doc.expected).map((doc) => doc.file);
    try {
      for (const item of ['README.md', 'docs', 'action.yml', 'examples', '.prettierrc.json']) {
        cpSync(path.join(REPO_ROOT, item), path.join(copy, item), { recursive: true });
      }
      expect(await stale()).toEqual([]);

      const actionYml = readFileSync(path.join(copy, 'action.yml'), 'utf8');
      writeFileSync(
        path.join(copy, 'action.yml'),
        actionYml.replace(/^inputs:\n/m, "inputs:\n  new-input:\n    description: 'Added.'\n"),
      );
      expect(await stale()).toEqual(['README.md']);
      expect((await generateReadme(copy)).expected).toMatch(/\| `new-input` +\|/);

      writeFileSync(path.join(copy, 'action.yml'), actionYml);
      writeFileSync(path.join(copy, 'examples', 'check.yml'), '# changed\non: push\n'); // in docs/workflows.md
      expect(await stale()).toEqual(['docs/workflows.md']);
      writeFileSync(path.join(copy, 'examples', 'rotation.yml'), '# changed\non: push\n'); // in README.md
      expect(await stale()).toEqual(['README.md', 'docs/workflows.md']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);

  it('documents every input and output of action.yml', async () => {
    const { inputs, outputs } = parseActionMetadata((await readSources()).actionYml);
    for (const name of Object.keys(inputs)) expect(readme).toMatch(new RegExp(`\\| \`${name}\` +\\|`));
    for (const name of Object.keys(outputs)) expect(readme).toMatch(new RegExp(`\\| \`${name}\` +\\|`));
  });

  it('embed every example file once between them, verbatim, in a yaml block', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'examples'))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => `examples/${name}`)
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(generated.flatMap((doc) => embeddedExamples(doc)).sort()).toEqual(files);
    // The one workflow a rotation needs is the README's quick start; the single-purpose ones are in docs/.
    expect(embeddedExamples(readme)).toEqual(['examples/rotation.yml']);
    for (const file of files) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      expect(generated.some((doc) => doc.includes('```yaml\n' + text + '```'))).toBe(true);
    }
  });

  it('quotes only messages the action can still print (Troubleshooting)', () => {
    const source = sourceText(path.join(REPO_ROOT, 'src'));
    const quoted = troubleshootingMessages(readme);
    expect(quoted.length).toBeGreaterThan(40);
    const missing = quoted.filter((message) =>
      message
        .split('…')
        .map((piece) => piece.trim())
        .filter((piece) => piece !== '')
        .some((piece) => !source.includes(piece)),
    );
    // A message changed in src/: update README.md's Troubleshooting section to match.
    expect(missing).toEqual([]);
  });
});

/** Every TypeScript file under a folder and its subfolders (src/ has some), concatenated. */
function sourceText(folder: string): string {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(path.join(folder, file), 'utf8'))
    .join('\n');
}

/** The code spans in the first column of the tables under "## Troubleshooting". */
function troubleshootingMessages(markdown: string): string[] {
  const start = markdown.indexOf('\n## Troubleshooting');
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  const messages: string[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const firstCell = line.split(/(?<!\\)\|/)[1] ?? '';
    for (const match of firstCell.matchAll(/`([^`]+)`/g)) messages.push(match[1].replace(/\\\|/g, '|'));
  }
  return messages;
}
