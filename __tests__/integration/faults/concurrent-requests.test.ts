// Two request runs at once (force: true) for one target, their store calls released in explicit orders. Each
// run stores its key, its CSR, its key again, then reads the CSR back, uploading its CSR beside those last two
// calls. Without a lock the last CSR writer wins; a run whose CSR was replaced before it read it back fails
// loudly and deletes its upload again; the live credential is never touched.
import { describe, expect, it } from '@jest/globals';
import { RefusedError } from '../../../src/domain/errors.js';
import type { RunResult } from '../../../src/protocol/result.js';
import { CSR } from '../../support/fixtures.js';
import { interleave, type Gated, type Step } from './interleave.js';
import { csrOf, expectLiveUntouched, expectPendingMatches, harness, repo, type Harness } from './runs.js';

const CONCURRENT = /Another run replaced variable MANGOPAY_MTLS_CSR while this run was storing its request/;
type Name = 'A' | 'B';

/**
 * What an order must lead to: a run fails when the other run stores its CSR between this run storing its own
 * and reading it back; the stored CSR is the last one written (its writer cannot have failed).
 */
function predict(order: Step[]): { failed: Name[]; csrOwner: Name } {
  const at = (run: Name, call: Gated) => order.findIndex(([r, c]) => r === run && c === call);
  const other = (run: Name): Name => (run === 'A' ? 'B' : 'A');
  const fails = (run: Name) =>
    at(run, 'setVariable') < at(other(run), 'setVariable') &&
    at(other(run), 'setVariable') < at(run, 'getVariable');
  return {
    failed: (['A', 'B'] as const).filter(fails),
    csrOwner: at('A', 'setVariable') > at('B', 'setVariable') ? 'A' : 'B',
  };
}

function green(result: RunResult | Error): RunResult {
  if (result instanceof Error) throw result;
  return result;
}

async function expectAsPredicted(
  h: Harness,
  order: Step[],
): Promise<{ A: RunResult | Error; B: RunResult | Error }> {
  const outcome = await interleave(h, order);
  const { failed, csrOwner } = predict(order);
  for (const name of ['A', 'B'] as const) {
    const result = outcome[name];
    if (failed.includes(name)) {
      expect(result).toBeInstanceOf(RefusedError);
      expect(result instanceof Error ? result.message : '').toMatch(CONCURRENT);
    } else {
      expect(result).not.toBeInstanceOf(Error);
    }
  }
  const owner = green(outcome[csrOwner]);
  expect(h.github.variable(repo, CSR)).toBe(csrOf(owner).pem);
  // Both green is only ever as if one ran after the other: the stored pair is the last writer's.
  if (failed.length === 0) expectPendingMatches(h, owner);
  expectLiveUntouched(h);
  return outcome;
}

describe('two request runs at once (force: true) for one target', () => {
  it('B runs entirely between A storing its key and A storing its CSR: both green, the pair is A’s', async () => {
    const order: Step[] = [
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['B', 'setVariable'],
      ['B', 'putSecret'],
      ['B', 'getVariable'],
      ['A', 'setVariable'],
      ['A', 'putSecret'],
      ['A', 'getVariable'],
    ];
    expect(predict(order)).toEqual({ failed: [], csrOwner: 'A' });
    await expectAsPredicted(await harness(), order);
  });

  it('B stores its CSR between A storing its CSR and reading it back: A fails loudly, B wins', async () => {
    const order: Step[] = [
      ['A', 'putSecret'],
      ['A', 'setVariable'],
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['B', 'setVariable'],
      ['A', 'getVariable'],
      ['B', 'putSecret'],
      ['B', 'getVariable'],
    ];
    expect(predict(order)).toEqual({ failed: ['A'], csrOwner: 'B' });
    const h = await harness();
    const outcome = await expectAsPredicted(h, order);
    expect(h.published.map((a) => a.name)).toHaveLength(1); // A's upload was deleted again: only B's stays
    expectPendingMatches(h, green(outcome.B)); // B stored its key last
  });

  it('interleaved call by call: A fails loudly, B’s pair is stored', async () => {
    const order: Step[] = [
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['A', 'setVariable'],
      ['B', 'setVariable'],
      ['A', 'putSecret'],
      ['B', 'putSecret'],
      ['A', 'getVariable'],
      ['B', 'getVariable'],
    ];
    expect(predict(order)).toEqual({ failed: ['A'], csrOwner: 'B' });
    const h = await harness();
    const outcome = await expectAsPredicted(h, order);
    expectPendingMatches(h, green(outcome.B)); // B stored its key last
  });

  it('many random interleavings end as predicted', async () => {
    const calls: Gated[] = ['putSecret', 'setVariable', 'putSecret', 'getVariable'];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 8; round++) {
      const a = [...calls];
      const b = [...calls];
      const order: Step[] = [];
      for (let left = a.length + b.length; left > 0; left--) {
        const pickA = b.length === 0 || (a.length > 0 && random() < 0.5);
        const next = (pickA ? a : b).shift();
        if (next !== undefined) order.push([pickA ? 'A' : 'B', next]);
      }
      await expectAsPredicted(await harness(), order);
    }
  });
});
