// The protocol bed with the rotation issue, read as the action reads it: `issue: true` and the one workflow's
// inputs (both keys, on every event), so the settings and the tracker's settings come from the same inputs
// (`reminder-interval-days`, `promote-permission` included). Runs go through src/protocol/rotate.ts.
import type { StoreResult } from '../../../src/protocol/result.js';
import type { RunEvent } from '../../../src/settings/event.js';
import { credentialId } from '../../../src/protocol/issue/tracking.js';
import { readInputs, type RawInputs } from '../read-inputs.js';
import type { ProtocolBed } from './bed.js';
import { MemoryIssueTracker, type MemoryIssue } from './issue-tracker.js';
import { DAY_MS } from '../test-ca.js';

export const SELF = 'github-actions[bot]';
export const ROLES = { octocat: 'maintain', alice: 'admin', reader: 'read', triager: 'triage' } as const;
const REPOSITORY = 'octo-org/payments';

export function issueTracker(bed: ProtocolBed): MemoryIssueTracker {
  return new MemoryIssueTracker({ self: SELF, roles: { ...ROLES }, now: () => bed.now });
}

/** One run of the action on `event` (default: a schedule) with `issue: true` and `inputs`. */
export function runWithIssue(
  bed: ProtocolBed,
  tracker: MemoryIssueTracker,
  inputs: RawInputs,
  event: RunEvent = { kind: 'other', name: 'schedule' },
): Promise<StoreResult> {
  const { settings, issue } = readInputs(
    {
      'client-id': 'acme',
      'github-token': 'gh-token',
      repository: REPOSITORY,
      issue: 'true',
      'issue-token': 'issue-token',
      ...inputs,
    },
    {
      workspace: bed.csrDir,
      workflowRepository: REPOSITORY,
      event,
      mask: (value) => bed.events.push({ port: 'mask', value }),
    },
  );
  if (issue === undefined) throw new Error('issue: true was not read');
  const [owner, repo] = REPOSITORY.split('/');
  bed.issues = {
    tracker,
    settings: issue,
    credential: credentialId(settings, { owner, repo }),
    runUrl: `https://github.com/${REPOSITORY}/actions/runs/${Math.round(bed.now.getTime() / 1000)}`,
    issuesUrl: `https://github.com/${REPOSITORY}/issues`,
  };
  return bed.rotate(settings);
}

/** The one issue the tracker holds. */
export function theIssue(tracker: MemoryIssueTracker): MemoryIssue {
  if (tracker.issues.length !== 1) throw new Error(`expected one issue, found ${tracker.issues.length}`);
  return tracker.issues[0];
}

/** The first line of each comment the tool wrote on the issue (its marker). */
export function toolMarkers(tracker: MemoryIssueTracker): string[] {
  return theIssue(tracker)
    .comments.filter((comment) => comment.author === SELF)
    .map((comment) => comment.body.split('\n')[0]);
}

export const marker = (kind: string, answers?: number) =>
  `<!-- mangopay-mtls-rotate:comment v1 kind=${kind}${answers === undefined ? '' : ` answers=${answers}`} -->`;

/** A person's reply as they would paste it: prose, then the PEM in a fenced block. */
export const reply = (pem: string) => `Here it is:\n\n\`\`\`\n${pem.trim()}\n\`\`\`\n`;

export const HOUR_MS = 3_600_000;
export { DAY_MS };
export const later = (date: Date, ms: number) => new Date(date.getTime() + ms);
