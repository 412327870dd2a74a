// Reads inputs the way src/main.ts (Actions) or src/cli.ts (the command line) does, so unit tests see
// exactly what the action would: one read, the secrets masked first.
import type { RunEvent } from '../../src/settings/event.js';
import type { GitHubSettings } from '../../src/settings/github.js';
import type { InputName } from '../../src/settings/inputs.js';
import type { IssueSettings } from '../../src/settings/issue.js';
import {
  readActionSettings,
  readCliSettings,
  type ExportSettings,
  type PromoteSettings,
  type Settings,
  type StoreSettings,
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
  /** The settings of a mode that works on the store (readExportInputs reads export's). */
  settings: StoreSettings;
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
    if (settings.mode === 'export') throw new Error('export settings: use readExportInputs');
    return { settings, github: undefined, issue: undefined, masked };
  }
  const outcome = readActionSettings(read, actionHost(context, mask));
  if (outcome.kind === 'export') throw new Error('export settings: use readExportInputs');
  return { settings: outcome.settings, github: outcome.github, issue: outcome.issue, masked };
}

/** export's settings, read as src/main.ts (Actions) or src/cli.ts reads them. */
export function readExportInputs(
  inputs: RawInputs,
  context: ReadContext,
): { settings: ExportSettings; masked: string[] } {
  const masked: string[] = [];
  const mask = (value: string) => masked.push(value);
  const read = (name: InputName) => inputs[name] ?? '';
  const settings =
    context.inActions === false
      ? readCliSettings(read, { kind: 'cli', workspace: context.workspace, mask })
      : readActionSettings(read, actionHost(context, mask)).settings;
  if (settings.mode !== 'export') throw new Error(`expected export settings, got ${settings.mode}`);
  return { settings, masked };
}

function actionHost(context: ReadContext, mask: (value: string) => void) {
  return {
    kind: 'action' as const,
    workspace: context.workspace,
    workflowRepository: context.workflowRepository,
    event: context.event ?? { kind: 'other' as const, name: 'workflow_dispatch' },
    mask,
  };
}

export function asPromote(settings: Settings): PromoteSettings {
  if (settings.mode !== 'promote') throw new Error(`expected promote settings, got ${settings.mode}`);
  return settings;
}
