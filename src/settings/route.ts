/**
 * Which mode a run is (shared/design.md, "One workflow that converges"). `mode: auto`, the default, lets the
 * trigger decide: a certificate given as an input promotes (an input wins over a comment), a created issue
 * comment promotes from the comment, and any other event requests (the request run then reconciles and
 * reminds while a request is pending). Every other mode is what it says and never looks at the event.
 * Pure: the event's name and action and which inputs are given in, the route out.
 */
import { InputError } from '../domain/errors.js';
import { field } from '../domain/json.js';
import { MODES, type Mode } from '../domain/types.js';
import type { ActionHost } from './host.js';
import type { Inputs } from './inputs.js';

/** What the `mode` input may say: a mode, or `auto`. */
export type ModeInput = Mode | 'auto';
export const MODE_INPUTS: readonly ModeInput[] = ['auto', ...MODES];

export interface Trigger {
  /** GITHUB_EVENT_NAME and the payload's `action`; undefined outside a workflow (the command line). */
  event: { name: string; action: string | undefined } | undefined;
  /** `certificate` or `certificate-file` is given. */
  certificateGiven: boolean;
  /** `issue: true`. */
  issue: boolean;
}

export type Route =
  | { kind: 'mode'; mode: Mode }
  /** `auto` on a comment event without the rotation issue: nothing can judge the comment. */
  | { kind: 'refused'; input: 'issue'; message: string };

export const COMMENT_NEEDS_ISSUE = 'must be true to promote from an issue comment (or give certificate)';

export function route(requested: ModeInput, trigger: Trigger): Route {
  if (requested !== 'auto') return { kind: 'mode', mode: requested };
  if (trigger.certificateGiven) return { kind: 'mode', mode: 'promote' };
  const { event } = trigger;
  if (event?.name === 'issue_comment' && event.action === 'created') {
    return trigger.issue
      ? { kind: 'mode', mode: 'promote' }
      : { kind: 'refused', input: 'issue', message: COMMENT_NEEDS_ISSUE };
  }
  return { kind: 'mode', mode: 'request' };
}

/** The action's mode: the `mode` input, routed by the run's event when it is `auto`. */
export function actionMode(inputs: Inputs, host: ActionHost, issue: boolean): Mode {
  const requested = inputs.oneOf('mode', MODE_INPUTS);
  // Only `auto` looks at the certificate inputs here; another mode reads them itself (or notes them unused).
  const given = (name: 'certificate' | 'certificate-file') => inputs.raw(name).trim() !== '';
  const { event } = host;
  const action = event.kind === 'comment' ? field(event.payload, 'action') : undefined;
  const routed = route(requested, {
    event:
      event.kind === 'comment'
        ? { name: 'issue_comment', action: typeof action === 'string' ? action : undefined }
        : event.name === ''
          ? undefined
          : { name: event.name, action: undefined },
    certificateGiven: requested === 'auto' && (given('certificate') || given('certificate-file')),
    issue,
  });
  if (routed.kind === 'refused') throw new InputError(routed.input, routed.message);
  return routed.mode;
}

/** The command line has no events: its command names the mode, and `auto` there means `request`. */
export function cliMode(inputs: Inputs): Mode {
  const requested = inputs.oneOf('mode', MODE_INPUTS);
  return requested === 'auto' ? 'request' : requested;
}
