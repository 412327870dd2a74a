// Inputs are declared once, in action.yml: the generated table, the CLI's options and --help, and the
// README's inputs table must all agree with it.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ACTION_ONLY_INPUTS, parseArgsOptions, usage } from '../../src/settings/cli-options.js';
import { INPUTS } from '../../src/settings/inputs.js';
import { INPUTS_FILE, renderInputsModule } from '../../scripts/generate-inputs.js';
import { parse } from 'yaml';

const actionYml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
const declared = (parse(actionYml) as { inputs: Record<string, { default?: string }> }).inputs;

describe('inputs declared once', () => {
  it('src/settings/inputs.generated.ts is what action.yml generates (run npm run package)', () => {
    expect(readFileSync(INPUTS_FILE, 'utf8')).toBe(renderInputsModule(actionYml));
  });

  it('the table has every input of action.yml with its default', () => {
    expect(Object.keys(INPUTS)).toEqual(Object.keys(declared));
    for (const [name, input] of Object.entries(declared))
      expect(INPUTS[name as keyof typeof INPUTS].default).toBe(input.default ?? '');
  });

  it('the CLI has an option for every input but the Actions-only ones, and documents each', () => {
    const options = parseArgsOptions();
    const expected = Object.keys(declared).filter((name) => !(ACTION_ONLY_INPUTS as string[]).includes(name));
    expect(expected.length).toBeGreaterThanOrEqual(20);
    for (const name of expected) {
      expect(options[name]).toBeDefined();
      expect(usage()).toContain(`--${name}`);
    }
    expect(options.force).toEqual({ type: 'boolean' });
    expect(options['client-id']).toEqual({ type: 'string' });
    for (const name of ACTION_ONLY_INPUTS) expect(options[name]).toBeUndefined();
  });

  it('the README documents every input', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(declared))
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });
});
