/**
 * Errors the action reports to a person. Each carries a message that is safe to print (never key material)
 * and complete on its own: the error funnel prints exactly one line per failure and no stack trace.
 */

/** A problem with one input: the message names the input and the form it expects. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}': ${message}`);
    this.name = 'InputError';
  }
}

/** A failure that happened after some writes were made; the message lists what is stored now. */
export class PartialWriteError extends Error {
  constructor(
    message: string,
    readonly written: string[],
    readonly notWritten: string[],
  ) {
    super(message);
    this.name = 'PartialWriteError';
  }
}

/** The protocol refused to go on (bad certificate, failed handshake, concurrent run...). */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

/**
 * A refusal for a reason of the run, not of the certificate (its pending key missing or not the pending
 * request's): a later run with the right inputs may install the same certificate, so reconcile does not mark
 * the comment answered.
 */
export class RunInputRefusal extends RefusedError {
  constructor(message: string) {
    super(message);
    this.name = 'RunInputRefusal';
  }
}

/** Turns anything thrown (including non-Error values) into one printable line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(error.message || error.name);
  if (typeof error === 'string') return oneLine(error);
  try {
    return oneLine(`Unexpected failure: ${JSON.stringify(error)}`);
  } catch {
    return 'Unexpected failure';
  }
}

/** describeError without the final period, to go inside a longer sentence. */
export function errorText(error: unknown): string {
  return describeError(error).replace(/\.$/, '');
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
