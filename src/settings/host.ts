/** Where a run happens, which decides what the inputs mean (paths, keys read back, the comment). */
import type { RunEvent } from './event.js';

/** Where the run happens: a workflow step (the event, the workspace, the log masker) or the command line. */
export type Host =
  | {
      kind: 'action';
      /** GITHUB_WORKSPACE: relative paths resolve against it, and certificate-file must be inside it. */
      workspace: string;
      /** GITHUB_REPOSITORY: where the rotation issue lives. */
      workflowRepository: string | undefined;
      event: RunEvent;
      /** Registers a value with the log masker before anything can print it. */
      mask(value: string): void;
    }
  | {
      kind: 'cli';
      /** The directory the command was typed in: relative paths resolve against it. */
      workspace: string;
      /** No log masker on a terminal; tests record what would be masked. */
      mask(value: string): void;
    };

export type ActionHost = Extract<Host, { kind: 'action' }>;
