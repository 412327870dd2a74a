// Two request runs (force: true) for one target with their store calls released in a given order, for the
// concurrency tests.
import type { RunResult } from '../../../src/protocol/result.js';
import type { CredentialStore } from '../../../src/ports/store.js';
import { wrapStore, type Harness } from './runs.js';

export type Gated = 'putSecret' | 'setVariable' | 'getVariable';
export type Step = [run: 'A' | 'B', call: Gated];

/**
 * Runs A and B with their store calls released in `order`: each entry names the run and the store method whose
 * call may start next. Every call of a run waits for its turn; calls not listed run freely.
 */
export async function interleave(
  h: Harness,
  order: Step[],
): Promise<{ A: RunResult | Error; B: RunResult | Error }> {
  let turn = 0;
  const finished = new Set<string>();
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((resolve) => resolve());
  // Entries a run can no longer reach are skipped: the run has finished, or it is already at a later call
  // (its calls are sequential), e.g. when the protocol makes fewer calls than the order lists.
  const skipStale = (runName: string, call: string) => {
    while (turn < order.length) {
      const [r, c] = order[turn];
      if (finished.has(r) || (r === runName && c !== call)) turn++;
      else break;
    }
  };
  const gate = async (runName: 'A' | 'B', call: string) => {
    if (!order.some(([r, c]) => r === runName && c === call)) return;
    const deadline = Date.now() + 20_000;
    for (;;) {
      skipStale(runName, call);
      if (turn >= order.length || (order[turn][0] === runName && order[turn][1] === call)) return;
      if (Date.now() > deadline) throw new Error(`interleaving stuck at ${order[turn].join(' ')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const done = () => {
    turn++;
    wake();
  };
  const gated = (runName: 'A' | 'B') => (store: CredentialStore) =>
    wrapStore(store, {
      putSecret: async (name, sealed) => {
        await gate(runName, 'putSecret');
        try {
          return await store.putSecret(name, sealed);
        } finally {
          done();
        }
      },
      setVariable: async (name, value, exists) => {
        await gate(runName, 'setVariable');
        try {
          return await store.setVariable(name, value, exists);
        } finally {
          done();
        }
      },
      getVariable: async (name) => {
        await gate(runName, 'getVariable');
        try {
          return await store.getVariable(name);
        } finally {
          done();
        }
      },
    });
  const runOne = (runName: 'A' | 'B') =>
    h
      .run({ force: 'true' }, gated(runName))
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        finished.add(runName);
        wake();
      });
  const [A, B] = await Promise.all([runOne('A'), runOne('B')]);
  return { A, B };
}
