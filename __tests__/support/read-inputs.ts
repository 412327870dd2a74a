// Reads inputs the way src/main.ts does (mask first, then the GitHub inputs in Actions, then the settings),
// so unit tests see exactly what the action would.
import type { GitHubSettings } from '../../src/settings/github.js';
import { readGitHubSettings } from '../../src/settings/github.js';
import { Inputs, type InputName } from '../../src/settings/inputs.js';
import {
  maskSecretInputs,
  readSettings,
  type PromoteSettings,
  type ReadContext,
  type Settings,
} from '../../src/settings/settings.js';

export type RawInputs = Partial<Record<InputName, string>>;

export interface ReadOutcome {
  settings: Settings;
  /** Only inside Actions. */
  github: GitHubSettings | undefined;
  masked: string[];
}

export function readInputs(
  inputs: RawInputs,
  context: Partial<ReadContext> & { workspace: string },
): ReadOutcome {
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
