/**
 * Declares every input once: reads action.yml and writes src/settings/inputs.generated.ts, the table that settings
 * parsing, the CLI's options and its --help are derived from (as create-github-app-token generates its
 * permission inputs). `npm run package` runs it first; a unit test fails when the file is stale.
 *
 *   npx tsx scripts/generate-inputs.ts           rewrite src/settings/inputs.generated.ts
 *   npx tsx scripts/generate-inputs.ts --check   exit 1 when it is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const INPUTS_FILE = path.join(ROOT, 'src', 'settings', 'inputs.generated.ts');

interface YamlInput {
  description?: string;
  required?: boolean | string;
  default?: string | number | boolean;
}

/** The TypeScript source of the inputs table for an action.yml text. */
export function renderInputsModule(actionYml: string): string {
  const parsed = parseYaml(actionYml) as { inputs?: Record<string, YamlInput> } | null;
  const inputs = parsed?.inputs;
  if (inputs === undefined || inputs === null) throw new Error('action.yml declares no inputs');
  const entries = Object.entries(inputs).map(([name, input]) => {
    const entry = {
      description: String(input.description ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      required: input.required === true || input.required === 'true',
      default: input.default === undefined ? '' : String(input.default),
    };
    return `  ${JSON.stringify(name)}: ${JSON.stringify(entry)},`;
  });
  return [
    '// Generated from action.yml by scripts/generate-inputs.ts (npm run package); edit action.yml, not this file.',
    'export const INPUTS = {',
    ...entries,
    '} as const;',
    '',
    'export type InputName = keyof typeof INPUTS;',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const expected = renderInputsModule(await readFile(path.join(ROOT, 'action.yml'), 'utf8'));
  const current = await readFile(INPUTS_FILE, 'utf8').catch(() => '');
  if (process.argv.includes('--check')) {
    if (current !== expected) {
      process.stderr.write(
        'src/settings/inputs.generated.ts is out of date: run npx tsx scripts/generate-inputs.ts\n',
      );
      process.exitCode = 1;
    }
    return;
  }
  if (current !== expected) await writeFile(INPUTS_FILE, expected);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
