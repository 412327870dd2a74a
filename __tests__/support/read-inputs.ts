// Reads inputs the way src/main.ts does (mask first, then the GitHub inputs in Actions, then the settings),
// so unit tests see exactly what the action would.
import type { GitHubSettings } from '../../src/settings/github.js';
import { readGitHubSettings } from '../../src/settings/github.js';
import { Inputs, type InputName } from '../../src/settings/inputs.js';
import {
  maskSecretInputs,
  readSettings,
  type ExportSettings,
  type PromoteSettings,
  type ReadContext,
  type Settings,
  type StoreSettings,
} from '../../src/settings/settings.js';

export type RawInputs = Partial<Record<InputName, string>>;

export interface ReadOutcome {
  /** The settings of a mode that works on the store (readExportInputs reads export's). */
  settings: StoreSettings;
  /** Only inside Actions. */
  github: GitHubSettings | undefined;
  masked: string[];
}

export function readInputs(
  inputs: RawInputs,
  context: Partial<ReadContext> & { workspace: string },
): ReadOutcome {
  const { settings, github, masked } = readAnyInputs(inputs, context);
  if (settings.mode === 'export') throw new Error('export settings: use readExportInputs');
  return { settings, github, masked };
}

/** export's settings, read the way src/main.ts reads them (no GitHub inputs: export needs none). */
export function readExportInputs(
  inputs: RawInputs,
  context: Partial<ReadContext> & { workspace: string },
): { settings: ExportSettings; masked: string[] } {
  const masked: string[] = [];
  const settings = readSettings((name) => inputs[name] ?? '', {
    inActions: context.inActions ?? true,
    workspace: context.workspace,
    mask: (value) => masked.push(value),
  });
  if (settings.mode !== 'export') throw new Error(`expected export settings, got ${settings.mode}`);
  return { settings, masked };
}

function readAnyInputs(
  inputs: RawInputs,
  context: Partial<ReadContext> & { workspace: string },
): { settings: Settings; github: GitHubSettings | undefined; masked: string[] } {
  const masked: string[] = [];
  const mask = (value: string) => {
    masked.push(value);
    context.mask?.(value);
  };
  const read = (name: InputName) => inputs[name] ?? '';
  const inActions = context.inActions ?? true;
  maskSecretInputs(read, mask);
  const github = inActions ? readGitHubSettings(new Inputs(read)) : undefined;
  const settings = readSettings(read, {
    inActions,
    workspace: context.workspace,
    mask,
    workflowRepository: context.workflowRepository,
  });
  return { settings, github, masked };
}

export function asPromote(settings: Settings): PromoteSettings {
  if (settings.mode !== 'promote') throw new Error(`expected promote settings, got ${settings.mode}`);
  return settings;
}
