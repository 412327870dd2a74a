/**
 * Saying when an OpenSSL process runs, and stopping one that is no longer needed (issue 11: a request run
 * starts its key before it knows whether it needs one, and compiles what comes next while OpenSSL works).
 *
 * @actions/exec offers neither: no sign of the spawn and no handle on the process. Its first debug message
 * names the tool in the same synchronous turn in which it spawns it, so from that message on, the next
 * process Node creates is this one: Node reports each new process on its documented `child_process`
 * diagnostics channel. A microtask later the process exists and runs. (This holds while @actions/exec,
 * pinned, awaits nothing between the two; it would with a `cwd` option, which is why none is passed.)
 */
import { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { RunControl } from '../../ports/key-maker.js';

const isProcessMessage = (message: unknown): message is { process: ChildProcess } =>
  typeof message === 'object' &&
  message !== null &&
  'process' in message &&
  message.process instanceof ChildProcess;

/** A debug listener for @actions/exec that carries out `control` for the process about to be spawned. */
export function watchSpawn(control: RunControl): () => void {
  let watching = false;
  return () => {
    if (watching) return;
    watching = true;
    let child: ChildProcess | undefined;
    const capture = (message: unknown) => {
      if (child === undefined && isProcessMessage(message)) child = message.process;
    };
    subscribe('child_process', capture);
    queueMicrotask(() => {
      unsubscribe('child_process', capture);
      if (child !== undefined) stopOnAbort(child, control.signal);
      control.running?.();
    });
  };
}

function stopOnAbort(child: ChildProcess, signal: AbortSignal | undefined): void {
  if (signal === undefined) return;
  // Only a process that was spawned: a failed spawn has no pid to signal.
  const stop = () => child.pid !== undefined && child.kill();
  if (signal.aborted) {
    stop();
    return;
  }
  signal.addEventListener('abort', stop, { once: true });
  child.once('exit', () => signal.removeEventListener('abort', stop));
}
