/**
 * The rotation protocol (shared/design.md): read what is stored once, then the mode's own steps, then (with
 * issue: true) the rotation issue. The same code runs in the action and in the CLI; only `deps` differ.
 */
import type { Deps } from '../ports/deps.js';
import { RefusedError } from '../domain/errors.js';
import { check } from './modes/check.js';
import { EarlyKey } from './modes/early-key.js';
import { promote } from './modes/promote.js';
import { isPending, request } from './modes/request.js';
import { whilePending } from './modes/pending.js';
import { rollback } from './modes/rollback.js';
import type { IgnoredResult, StoreResult } from './result.js';
import type { StoreSettings } from '../settings/settings.js';
import { readStoredState, type StoredState } from './stored-state.js';
import { takeCertificate } from './issue/comment-run.js';
import { remind } from './issue/remind.js';
import { reportInstalled, reportRefused } from './issue/promote.js';
import { trackRequest } from './issue/request.js';
import { afterWrites } from './issue/tracking.js';
import { reportRolledBack } from './issue/rollback.js';

export async function rotate(settings: StoreSettings, deps: Deps): Promise<StoreResult> {
  for (const note of settings.notes) deps.log.info(note);
  // A dry run writes no issue or comment either.
  const issues = settings.dryRun ? undefined : deps.issues;
  switch (settings.mode) {
    case 'request': {
      // Started before the state read, so OpenSSL runs beside it (early-key.ts).
      const early = new EarlyKey(deps.openssl, settings);
      try {
        const stored = await readState(settings, deps);
        if (isPending(settings, stored)) {
          early.drop();
          return await whilePending(settings, deps, stored, issues);
        }
        const result = await request(settings, deps, stored, early);
        if (issues !== undefined && result.state === 'requested') {
          await afterWrites(result, 'updating the rotation issue', () =>
            deps.log.group('Update the rotation issue', () =>
              trackRequest(issues, settings, result, deps.log, deps.now()),
            ),
          );
        }
        return result;
      } finally {
        await early.settled();
      }
    }
    case 'promote': {
      const taken = await takeCertificate(settings, deps);
      if (taken.kind === 'ignored') return ignored(settings, deps, taken.reason);
      const { comment } = taken;
      const stored = await readState(settings, deps);
      const result = await promote(taken.settings, deps, stored).catch(async (error: unknown) => {
        // Refused before any write: the person who replied with the certificate is told why.
        if (issues !== undefined && comment !== undefined && error instanceof RefusedError) {
          const note = await reportRefused(issues, comment, error);
          if (note !== undefined) deps.log.warning(note);
        }
        throw error;
      });
      if (issues !== undefined) {
        await afterWrites(result, 'replying on the rotation issue', () =>
          deps.log.group('Close the rotation issue', () =>
            reportInstalled(issues, comment, result, deps.log),
          ),
        );
      }
      return result;
    }
    case 'check': {
      const stored = await readState(settings, deps);
      const result = check(settings, deps, stored);
      if (issues !== undefined) {
        await afterWrites(result, 'the reminder on the rotation issue', () =>
          deps.log.group('Remind on the rotation issue', () =>
            remind(issues, result, stored.requestedAt, deps.log, deps.now()),
          ),
        );
      }
      return result;
    }
    case 'rollback': {
      const result = await rollback(settings, deps, await readState(settings, deps));
      if (issues !== undefined) {
        await afterWrites(result, 'the comment on the rotation issue', () =>
          deps.log.group('Comment on the rotation issue', () => reportRolledBack(issues, result, deps.log)),
        );
      }
      return result;
    }
  }
}

function ignored(settings: StoreSettings, deps: Deps, reason: string): IgnoredResult {
  deps.log.info(`Ignored this comment: ${reason}.`);
  return {
    mode: 'promote',
    state: 'ignored',
    reason,
    dryRun: settings.dryRun,
    location: deps.store.location,
    writes: [],
    warnings: [],
    issue: undefined,
  };
}

/** What is stored, read once per run. */
function readState(settings: StoreSettings, deps: Deps): Promise<StoredState> {
  return deps.log.group(`Read stored state (${deps.store.location})`, () =>
    readStoredState(settings.names, deps),
  );
}
