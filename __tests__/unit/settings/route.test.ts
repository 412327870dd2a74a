// The router over the whole event table: with `mode: auto` the trigger decides; every other mode is what it
// says, whatever the event.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { MODES, type Mode } from '../../../src/domain/types.js';
import type { RunEvent } from '../../../src/settings/event.js';
import { COMMENT_NEEDS_ISSUE, route, type Route, type Trigger } from '../../../src/settings/route.js';
import { issuedCredential } from '../../support/fixtures.js';
import { asPromote, readInputs, type RawInputs } from '../../support/read-inputs.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';

type Event = Trigger['event'];
const EVENTS: [string, Event][] = [
  ['schedule', { name: 'schedule', action: undefined }],
  ['workflow_dispatch', { name: 'workflow_dispatch', action: undefined }],
  ['push', { name: 'push', action: undefined }],
  ['pull_request opened', { name: 'pull_request', action: 'opened' }],
  ['issues opened', { name: 'issues', action: 'opened' }],
  ['repository_dispatch', { name: 'repository_dispatch', action: 'rotate' }],
  ['issue_comment created', { name: 'issue_comment', action: 'created' }],
  ['issue_comment edited', { name: 'issue_comment', action: 'edited' }],
  ['issue_comment deleted', { name: 'issue_comment', action: 'deleted' }],
  ['issue_comment without an action', { name: 'issue_comment', action: undefined }],
  ['no event (outside a workflow)', undefined],
];

const mode = (name: Mode): Route => ({ kind: 'mode', mode: name });
const refused: Route = { kind: 'refused', input: 'issue', message: COMMENT_NEEDS_ISSUE };

/** What `auto` must route to, by event, certificate input and `issue`. */
function expected(event: Event, certificateGiven: boolean, issue: boolean): Route {
  if (certificateGiven) return mode('promote');
  if (event?.name === 'issue_comment' && event.action === 'created') return issue ? mode('promote') : refused;
  return mode('request');
}

const CASES = EVENTS.flatMap(([name, event]) =>
  [false, true].flatMap((certificateGiven) =>
    [false, true].map((issue) => [name, event, certificateGiven, issue] as const),
  ),
);

describe('mode: auto', () => {
  it('covers every event with and without a certificate input and the rotation issue', () => {
    expect(CASES).toHaveLength(EVENTS.length * 4);
  });

  it.each(CASES)('%s, certificate given: %s, issue: %s', (_name, event, certificateGiven, issue) => {
    expect(route('auto', { event, certificateGiven, issue })).toEqual(
      expected(event, certificateGiven, issue),
    );
  });

  it('spells the rows of the design table out', () => {
    const comment = { name: 'issue_comment', action: 'created' };
    const schedule = { name: 'schedule', action: undefined };
    expect(route('auto', { event: comment, certificateGiven: true, issue: false })).toEqual(mode('promote'));
    expect(route('auto', { event: comment, certificateGiven: false, issue: true })).toEqual(mode('promote'));
    expect(route('auto', { event: comment, certificateGiven: false, issue: false })).toEqual(refused);
    expect(route('auto', { event: schedule, certificateGiven: false, issue: true })).toEqual(mode('request'));
    expect(route('auto', { event: schedule, certificateGiven: true, issue: true })).toEqual(mode('promote'));
  });
});

describe('every other mode', () => {
  it.each(MODES.flatMap((chosen) => CASES.map((row) => [chosen, ...row] as const)))(
    'mode %s on %s (certificate given: %s, issue: %s) stays itself',
    (chosen, _name, event, certificateGiven, issue) => {
      expect(route(chosen, { event, certificateGiven, issue })).toEqual(mode(chosen));
    },
  );
});

describe('the mode as the settings read it', () => {
  let ca: TestCa;
  let certificate: string;
  let keyPem: string;
  beforeAll(async () => {
    ca = await createTestCa();
    ({ certPem: certificate, keyPem } = await issuedCredential(ca, { daysLeft: 300 }));
  });
  afterAll(() => ca.dispose());

  const workspace = tmpdir();
  const created = { kind: 'comment', payload: { action: 'created' } } as const;
  const action = (inputs: RawInputs, event: RunEvent = { kind: 'other', name: 'schedule' }) =>
    readInputs(
      { 'client-id': 'acme', 'github-token': 'token', repository: 'octo-org/payments', ...inputs },
      { workspace, workflowRepository: 'octo-org/payments', event },
    ).settings;
  const keys = () => ({ 'pending-private-key': keyPem, 'current-private-key': keyPem });

  it('auto on a schedule requests; with the issue it reads both keys for reconcile, unnoted', () => {
    const settings = action({ ...keys(), issue: 'true', 'issue-token': 'x' });
    if (settings.mode !== 'request') throw new Error(`expected request, got ${settings.mode}`);
    expect(settings.reconcile?.pendingKey).toEqual({ kind: 'given', pem: keyPem });
    expect(settings.notes).toEqual([]);
    const without = action(keys());
    expect(without.mode).toBe('request');
    expect(without.notes).toEqual([
      "Input 'pending-private-key' is not used in mode request; it was ignored.",
      "Input 'current-private-key' is not used in mode request; it was ignored.",
    ]);
  });

  it('auto with a certificate input promotes on any event, the comment event included', () => {
    for (const event of [created, { kind: 'other', name: 'workflow_dispatch' } as const]) {
      const settings = asPromote(action({ ...keys(), certificate }, event));
      expect(settings.certificate).toMatchObject({ kind: 'given', input: 'certificate' });
    }
  });

  it('auto on a created comment promotes from the comment, and needs issue: true', () => {
    const settings = asPromote(action({ ...keys(), issue: 'true', 'issue-token': 'x' }, created));
    expect(settings.certificate).toEqual({ kind: 'comment', payload: created.payload });
    expect(() => action(keys(), created)).toThrow(`Input 'issue': ${COMMENT_NEEDS_ISSUE}`);
    const edited = { kind: 'comment', payload: { action: 'edited' } } as const;
    expect(action({ ...keys(), issue: 'true', 'issue-token': 'x' }, edited).mode).toBe('request');
  });

  it('a named mode never looks at the event', () => {
    expect(action({ mode: 'request', issue: 'true', 'issue-token': 'x' }, created).mode).toBe('request');
    expect(action({ mode: 'check', certificate }, created).mode).toBe('check');
  });

  it('the command line has no events: auto means request, and a certificate there is unused', () => {
    const settings = readInputs(
      { 'client-id': 'acme', mode: 'auto', certificate },
      { inActions: false, workspace },
    ).settings;
    expect(settings.mode).toBe('request');
    expect(settings.notes).toEqual(["Input 'certificate' is not used in mode request; it was ignored."]);
  });
});
