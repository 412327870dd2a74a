/**
 * The action's post step (action.yml runs.post, post-if: always()): when the job ends, whatever happened,
 * remove the folder `mode: export` wrote the key into. Quiet when there is nothing to remove (another mode,
 * or a main step that failed before it made the folder).
 */
import * as core from '@actions/core';
import { EXPORT_STATE, removeExportFolder } from './adapters/local/credential-files.js';
import { describeError } from './domain/errors.js';

try {
  const removal = await removeExportFolder(core.getState(EXPORT_STATE), process.env.RUNNER_TEMP ?? '');
  if (removal.kind === 'removed') core.info(`Removed the exported key and certificate (${removal.folder}).`);
  if (removal.kind === 'refused') core.warning(removal.reason);
} catch (error) {
  core.setFailed(`Could not remove the exported key and certificate: ${describeError(error)}`);
}
