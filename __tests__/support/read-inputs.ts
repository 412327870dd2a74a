// Reads inputs the way src/main.ts (Actions) or src/cli.ts (the command line) does, so unit tests see
// exactly what the action would: one read, the secrets masked first.
import type { RunEvent } from '../../src/settings/event.js';
import type { GitHubSettings } from '../../src/settings/github.js';
import type { InputName } from '../../src/settings/inputs.js';
import type { IssueSettings } from '../../src/settings/issue.js';
import {
  readActionSettings,
  readCliSettings,
  type PromoteSettings,
  type Settings,
} from '../../src/settings/settings.js';

export type RawInputs = Partial<Record<InputName, string>>;

export interface ReadContext {
  /** Actions (the default) or the command line. */
  inActions?: boolean;
  workspace: string;
  mask?: (value: string) => void;
  workflowRepository?: string;
  /** Actions only; default: a workflow_dispatch. */
  event?: RunEvent;
}

export interface ReadOutcome {
  settings: Settings;
  /** Only inside Actions. */
  github: GitHubSettings | undefined;
  issue: IssueSettings | undefined;
  masked: string[];
}

export function readInputs(inputs: RawInputs, context: ReadContext): ReadOutcome {
  const masked: string[] = [];
  const mask = (value: string) => {
    masked.push(value);
    context.mask?.(value);
  };
  const read = (name: InputName) => inputs[name] ?? '';
  if (context.inActions === false) {
    const settings = readCliSettings(read, { kind: 'cli', workspace: context.workspace, mask });
    return { settings, github: undefined, issue: undefined, masked };
  }
  const { settings, github, issue } = readActionSettings(read, {
    kind: 'action',
    workspace: context.workspace,
    workflowRepository: context.workflowRepository,
    event: context.event ?? { kind: 'other', name: 'workflow_dispatch' },
    mask,
  });
  return { settings, github, issue, masked };
}

export function asPromote(settings: Settings): PromoteSettings {
  if (settings.mode !== 'promote') throw new Error(`expected promote settings, got ${settings.mode}`);
  return settings;
}
