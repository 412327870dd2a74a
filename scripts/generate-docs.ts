/**
 * Keeps README.md and docs/workflows.md in step with action.yml and examples/: rewrites the inputs and
 * outputs tables (README.md) and the embedded example workflows (both) between their markers, then formats
 * the result with Prettier (the repository's own config), so `npm run format` and this script always agree.
 *
 *   npx tsx scripts/generate-docs.ts           rewrite the generated documents
 *   npx tsx scripts/generate-docs.ts --check   exit 1 when one of them is out of date
 *
 * Markers:
 *   <!-- inputs:start --> ... <!-- inputs:end -->                     README.md only
 *   <!-- outputs:start --> ... <!-- outputs:end -->                   README.md only
 *   <!-- example:examples/<file>.yml --> ... <!-- example:end -->     any generated document
 *   <!-- cli-options:start --> ... <!-- cli-options:end -->           README.md, Local use: hand-written for
 *                                                                      now, reserved for a generated CLI list
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { usage } from '../src/settings/cli-options.js';

export interface ActionInput {
  description?: string;
  required?: boolean | string;
  default?: string | number | boolean;
  deprecationMessage?: string;
}

export interface ActionOutput {
  description?: string;
}

export interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, ActionOutput>;
}

export interface DocSources {
  /** Text of action.yml. */
  actionYml: string;
  /** Example files by their path relative to the repository root, e.g. `examples/promote.yml`. */
  examples: Record<string, string>;
}

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const GENERATED_NOTE =
  '<!-- Generated from action.yml by `npm run docs`; edit action.yml, not this table. -->';
const EXAMPLE_BLOCK = /<!-- example:(\S+) -->\n[\s\S]*?<!-- example:end -->/g;

export function parseActionMetadata(actionYml: string): ActionMetadata {
  const parsed = parseYaml(actionYml) as Partial<ActionMetadata> | null;
  if (parsed === null || typeof parsed !== 'object') throw new Error('action.yml is empty or not a mapping');
  return { inputs: parsed.inputs ?? {}, outputs: parsed.outputs ?? {} };
}

/** Markdown for one table cell: one line, pipes escaped, paragraph breaks kept as <br>. */
export function tableCell(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim().replace(/\s*\n\s*/g, ' '))
    .join('<br><br>')
    .replace(/\|/g, '\\|');
}

function isRequired(input: ActionInput): boolean {
  return input.required === true || input.required === 'true';
}

function defaultCell(input: ActionInput): string {
  const value = input.default === undefined ? '' : String(input.default);
  const shown = value === '' ? '' : `\`${value.replace(/\|/g, '\\|')}\``;
  if (!isRequired(input)) return shown;
  return shown === '' ? '**required**' : `${shown} (**required**)`;
}

export function renderInputsTable(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.inputs).map(([name, input]) => {
    let description = tableCell(input.description ?? '');
    if (input.deprecationMessage) description += ` **Deprecated:** ${tableCell(input.deprecationMessage)}`;
    return `| \`${name}\` | ${defaultCell(input)} | ${description} |`;
  });
  return ['| Input | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderOutputsTable(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.outputs).map(
    ([name, output]) => `| \`${name}\` | ${tableCell(output.description ?? '')} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->` (each must appear once). */
export function replaceSection(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`README.md needs the markers ${start} and ${end}, in that order`);
  }
  if (document.indexOf(start, from + 1) !== -1 || document.indexOf(end, to + 1) !== -1) {
    throw new Error(`README.md has the markers ${start} / ${end} more than once`);
  }
  return `${document.slice(0, from + start.length)}\n\n${content.trim()}\n\n${document.slice(to)}`;
}

/** A fenced YAML block holding the file's text exactly. */
export function yamlFence(text: string): string {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `\`\`\`yaml\n${body}\`\`\``;
}

/** Fills every `<!-- example:<path> -->` block with the named file; throws for a file it was not given. */
export function renderExamples(document: string, examples: Record<string, string>): string {
  return document.replace(EXAMPLE_BLOCK, (_block, file: string) => {
    const text = examples[file];
    if (text === undefined) throw new Error(`A document embeds ${file}, which does not exist`);
    return `<!-- example:${file} -->\n\n${yamlFence(text)}\n\n<!-- example:end -->`;
  });
}

/** The example files a document embeds, in order of appearance. */
export function embeddedExamples(document: string): string[] {
  return [...document.matchAll(EXAMPLE_BLOCK)].map((match) => match[1]);
}

/** README text with every generated part rendered from the sources (not yet formatted). Pure. */
export function renderReadme(readme: string, sources: DocSources): string {
  const metadata = parseActionMetadata(sources.actionYml);
  let text = replaceSection(readme, 'inputs', `${GENERATED_NOTE}\n\n${renderInputsTable(metadata)}`);
  text = replaceSection(text, 'outputs', `${GENERATED_NOTE}\n\n${renderOutputsTable(metadata)}`);
  return renderExamples(text, sources.examples);
}

/** Formats Markdown with Prettier and the repository's Prettier config, as `npm run format` would. */
export async function formatMarkdown(markdown: string, filePath: string): Promise<string> {
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(markdown, { ...config, filepath: filePath });
}

export async function readSources(root: string = REPO_ROOT): Promise<DocSources> {
  const actionYml = await readFile(path.join(root, 'action.yml'), 'utf8');
  const examples: Record<string, string> = {};
  for (const name of (await readdir(path.join(root, 'examples'))).sort()) {
    if (/\.ya?ml$/.test(name)) {
      examples[`examples/${name}`] = await readFile(path.join(root, 'examples', name), 'utf8');
    }
  }
  return { actionYml, examples };
}

/** The documents this script writes, relative to the repository root; README.md also gets the tables. */
export const GENERATED_DOCS = ['README.md', 'docs/workflows.md', 'docs/rotation-issue.md', 'docs/cli.md'];

/** A generated document's text with every generated part rendered (not yet formatted). Pure. */
export function renderDocument(file: string, text: string, sources: DocSources): string {
  if (file === 'README.md') return renderReadme(text, sources);
  // The CLI's --help, itself derived from action.yml (src/settings/cli-options.ts).
  const withUsage = text.includes('<!-- cli-usage:start -->')
    ? replaceSection(text, 'cli-usage', `\`\`\`text\n${usage()}\n\`\`\``)
    : text;
  return renderExamples(withUsage, sources.examples);
}

export interface GeneratedDoc {
  file: string;
  current: string;
  expected: string;
}

/** Each generated document as it is on disk and as the generator would write it. */
export async function generateDocs(root: string = REPO_ROOT): Promise<GeneratedDoc[]> {
  const sources = await readSources(root);
  const docs: GeneratedDoc[] = [];
  for (const file of GENERATED_DOCS) {
    const filePath = path.join(root, file);
    const current = await readFile(filePath, 'utf8');
    const expected = await formatMarkdown(renderDocument(file, current, sources), filePath);
    docs.push({ file, current, expected });
  }
  return docs;
}

/** The README as it is on disk and as the generator would write it. */
export async function generateReadme(
  root: string = REPO_ROOT,
): Promise<{ current: string; expected: string }> {
  const readmePath = path.join(root, 'README.md');
  const current = await readFile(readmePath, 'utf8');
  const expected = await formatMarkdown(renderReadme(current, await readSources(root)), readmePath);
  return { current, expected };
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument ${unknown[0]}. Usage: generate-docs [--check]\n`);
    return 2;
  }
  const stale = (await generateDocs()).filter((doc) => doc.current !== doc.expected);
  if (stale.length === 0) {
    process.stdout.write(`${GENERATED_DOCS.join(' and ')} are up to date.\n`);
    return 0;
  }
  const names = stale.map((doc) => doc.file).join(', ');
  if (check) {
    process.stderr.write(`${names} out of date with action.yml or examples/. Run: npm run docs\n`);
    return 1;
  }
  for (const doc of stale) await writeFile(path.join(REPO_ROOT, doc.file), doc.expected);
  process.stdout.write(`Updated ${names}.\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`generate-docs: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
