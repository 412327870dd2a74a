/**
 * The rotation protocol (shared/design.md): read what is stored once, then the mode's own steps. The same
 * code runs in the action and in the CLI; only `deps` differ.
 */
import type { Deps } from './deps.js';
import { check } from './modes/check.js';
import { promote } from './modes/promote.js';
import { request } from './modes/request.js';
import type { RunResult } from './result.js';
import type { Settings } from './settings.js';
import { readStoredState } from './stored-state.js';

export async function rotate(settings: Settings, deps: Deps): Promise<RunResult> {
  for (const note of settings.notes) deps.log.info(note);
  const stored = await deps.log.group(`Read stored state (${deps.store.location})`, () =>
    readStoredState(settings.names, deps),
  );
  switch (settings.mode) {
    case 'request':
      return request(settings, deps, stored);
    case 'promote':
      return promote(settings, deps, stored);
    case 'check':
      return check(settings, deps, stored);
  }
}
