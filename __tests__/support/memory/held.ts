// Explicit interleavings for the protocol tests: a promise the test resolves when it chooses, and a way to
// let everything run that is not waiting on one.

/** `until` resolves once the test calls `release` (safe to call twice). */
export function held(): { until: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const until = new Promise<void>((resolve) => (release = resolve));
  return { until, release };
}

/** Lets every callback that is not waiting on a hold run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
