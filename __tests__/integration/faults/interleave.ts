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
  /** The run waiting at a gate, with its call and how to let it go. */
  const waiting = new Map<string, { call: string; go: () => void }>();
  // Called on every change (a run reaches a gate, ends a gated call, or finishes): lets the run whose turn it
  // is go. Entries a run can no longer reach are skipped: the run has finished, or it waits at another call
  // (its calls are sequential), e.g. when the protocol makes fewer calls than the order lists. A run that is
  // neither waiting nor finished is on its way to its next gate: its turn waits for it.
  const step = () => {
    while (turn < order.length) {
      const [r, c] = order[turn];
      const at = waiting.get(r);
      if (finished.has(r) || (at !== undefined && at.call !== c)) turn++;
      else break;
    }
    for (const [r, at] of waiting) {
      if (turn < order.length && (order[turn][0] !== r || order[turn][1] !== at.call)) continue;
      waiting.delete(r);
      at.go();
    }
  };
  const gate = (runName: 'A' | 'B', call: string) => {
    if (!order.some(([r, c]) => r === runName && c === call)) return Promise.resolve();
    return new Promise<void>((go) => {
      waiting.set(runName, { call, go });
      step();
    });
  };
  const done = () => {
    turn++;
    step();
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
        step();
      });
  const [A, B] = await Promise.all([runOne('A'), runOne('B')]);
  return { A, B };
}
