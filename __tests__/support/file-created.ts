// Waiting for a file another process creates, without polling: fs.watch on its folder.
import { existsSync, watch } from 'node:fs';
import path from 'node:path';

/**
 * Resolves once `file` exists (at once when it does already). Rejects when `unless` settles first: with its
 * error, or one naming the file; so a file that never comes fails as soon as the process that should make it
 * is done, not by a timeout.
 */
export function fileCreated(file: string, unless: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const watcher = watch(path.dirname(file));
    const finish = (error?: Error) => {
      watcher.close();
      if (error === undefined) resolve();
      else reject(error);
    };
    watcher.on('change', () => {
      if (existsSync(file)) finish();
    });
    watcher.on('error', finish);
    unless.then(
      () => finish(new Error(`${file} was never created`)),
      (error: unknown) => finish(error instanceof Error ? error : new Error(`${file} was never created`)),
    );
    if (existsSync(file)) finish();
  });
}
