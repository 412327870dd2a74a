/**
 * The CLI's options, derived from the action's inputs (src/settings/inputs.generated.ts, from action.yml): each
 * input the CLI can use is a --kebab-case option; inputs defaulting to true/false are flags.
 */
import { INPUTS, type InputName } from './inputs.js';

/** Inputs that only make sense inside Actions (the CLI stores in a folder and has no GitHub). */
export const ACTION_ONLY_INPUTS: readonly InputName[] = [
  'mode',
  'github-token',
  'repository',
  'github-api-url',
  'summary',
  // The rotation issue needs GitHub; `--issue` stays, to be refused with a clear message.
  'issue-token',
  'issue-assignees',
  'issue-label',
  'promote-permission',
  'reminder-interval-days',
];

/** Options of the CLI's own. */
export const CLI_ONLY_OPTIONS = {
  'state-dir': {
    type: 'string',
    description: 'The folder that holds the secrets, variables and artifacts (default ./mtls-state).',
  },
  'output-dir': {
    type: 'string',
    description: 'export: the folder to write the key and certificate files to (made when missing).',
  },
  verbose: { type: 'boolean', description: 'Print every step.' },
  help: { type: 'boolean', description: 'Print this help.' },
} as const;

export type OptionType = 'string' | 'boolean';

export function cliInputs(): InputName[] {
  return (Object.keys(INPUTS) as InputName[]).filter((name) => !ACTION_ONLY_INPUTS.includes(name));
}

export function optionType(name: InputName): OptionType {
  const fallback: string = INPUTS[name].default;
  return fallback === 'true' || fallback === 'false' ? 'boolean' : 'string';
}

/** parseArgs' option table. */
export function parseArgsOptions(): Record<string, { type: OptionType }> {
  const options: Record<string, { type: OptionType }> = {};
  for (const name of cliInputs()) options[name] = { type: optionType(name) };
  for (const [name, option] of Object.entries(CLI_ONLY_OPTIONS)) options[name] = { type: option.type };
  return options;
}

/** --help: usage, then every option with action.yml's description and default. */
export function usage(): string {
  const lines = [
    'Usage: npm start -- <request|promote|check|export|rollback> --client-id <id> [--state-dir ./mtls-state] [options]',
    '',
    'Rotates a Mangopay mTLS client credential in a local folder: secrets are files with mode 0600 under',
    '<state-dir>/secrets, variables are files under <state-dir>/variables, the CSR is published to',
    '<state-dir>/artifacts/<artifact-name>/.',
    '',
    '  request   make a key and CSR when a rotation is due (--force to make one anyway)',
    '  promote   verify the issued certificate (--certificate-file PATH or --certificate PEM) and install it',
    '            with the pending key (read from the folder unless --pending-private-key is given)',
    "  check     report the certificate's expiry and whether a request is pending or due",
    '  export    write the first matching, valid pair of current and previous key and certificate to',
    '            --output-dir (read from the folder unless --private-key, --certificate, ... are given)',
    '  rollback  swap the previous key and certificate back in (the replaced ones become the previous)',
    '',
    "Options (the action's inputs, see action.yml):",
  ];
  for (const name of cliInputs()) {
    const fallback: string = INPUTS[name].default;
    const shown = optionType(name) === 'boolean' || fallback === '' ? '' : ` (default ${fallback})`;
    lines.push(
      `  --${name}${optionType(name) === 'string' ? ' VALUE' : ''}`,
      `      ${INPUTS[name].description}${shown}`,
    );
  }
  for (const [name, option] of Object.entries(CLI_ONLY_OPTIONS)) {
    lines.push(`  --${name}${option.type === 'string' ? ' VALUE' : ''}`, `      ${option.description}`);
  }
  return lines.join('\n');
}
