// The bench's round-trip count (bench/lib/round-trips.ts) over hand-written call logs: no clock involved.
import { describe, expect, it } from '@jest/globals';
import { inFlight, roundTrips, waves } from '../../bench/lib/round-trips.js';

const call = (name: string, start: number, end: number) => ({ name, start, end });
const names = (groups: { name: string }[][]) => groups.map((g) => g.map((c) => c.name));

describe('round trips', () => {
  it('counts nothing for no calls', () => {
    expect(roundTrips([])).toBe(0);
  });

  it('counts each call of a strictly sequential run', () => {
    const log = [call('a', 0, 50), call('b', 51, 101), call('c', 102, 152)];
    expect(roundTrips(log)).toBe(3);
    expect(names(waves(log))).toEqual([['a'], ['b'], ['c']]);
  });

  it('counts calls sent together as one round trip', () => {
    const log = [call('a', 0, 50), call('b', 1, 52), call('c', 2, 51), call('d', 53, 103)];
    expect(names(waves(log))).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('treats a call that starts the moment another ended as waiting for it', () => {
    expect(roundTrips([call('a', 0, 50), call('b', 50, 100)])).toBe(2);
  });

  it('follows the longest chain when a slow call spans several sequential ones', () => {
    // slow overlaps a, b and c; a → b → c is the critical path.
    const log = [call('slow', 0, 200), call('a', 1, 51), call('b', 52, 102), call('c', 103, 153)];
    expect(roundTrips(log)).toBe(3);
    expect(names(waves(log))).toEqual([['slow', 'a'], ['b'], ['c']]);
  });

  it('does not depend on the order of the log', () => {
    const log = [call('d', 53, 103), call('b', 1, 52), call('a', 0, 50), call('c', 2, 51)];
    expect(names(waves(log))).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('refuses a call that ends before it starts', () => {
    expect(() => roundTrips([call('a', 10, 5)])).toThrow(/ends before it starts/);
  });
});

describe('time in flight', () => {
  it('is zero without calls', () => {
    expect(inFlight([])).toBe(0);
  });

  it('counts overlapping calls once and leaves out the gaps between them', () => {
    const log = [call('c', 100, 130), call('a', 0, 50), call('b', 10, 60), call('inner', 20, 30)];
    expect(inFlight(log)).toBe(60 + 30);
  });
});
