// The router over the whole event table: with `mode: auto` the trigger decides; every other mode is what it
// says, whatever the event.
import { describe, expect, it } from '@jest/globals';
import { MODES, type Mode } from '../../../src/domain/types.js';
import { COMMENT_NEEDS_ISSUE, route, type Route, type Trigger } from '../../../src/settings/route.js';

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
