// Sequential round trips on a run's critical path, from a call log with the time each request arrived and
// the time its answer left (delay-proxy.ts). Pure functions: no clock, no I/O.
//
// Method: waves. Take the call that finished first; every call that started before that moment was sent
// without waiting for it (nor for any later answer): they form wave 1. Among the calls that started at or
// after that moment, the one that finished first closes wave 2 the same way, and so on. The number of waves
// is the longest chain of calls that do not overlap in time (each one starting after the previous one
// ended): picking the earliest-finishing call each time is the classic greedy that yields the largest set
// of pairwise disjoint intervals, and each wave holds exactly one of them. With a per-answer delay D, a run
// of N waves cannot take less than N × D, whatever its calls are.

export interface TimedCall {
  start: number;
  end: number;
}

/** The calls grouped into waves (see above), in order; each wave keeps its calls in start order. */
export function waves<T extends TimedCall>(calls: readonly T[]): T[][] {
  for (const call of calls) {
    if (!(call.end >= call.start))
      throw new Error(`a call ends before it starts: ${call.start} → ${call.end}`);
  }
  const left = [...calls].sort((a, b) => a.start - b.start);
  const out: T[][] = [];
  while (left.length > 0) {
    const firstEnd = Math.min(...left.map((c) => c.end));
    const wave = left.filter((c) => c.start < firstEnd);
    // A zero-length call (start = end) still belongs to a wave of its own.
    const members = wave.length > 0 ? wave : left.filter((c) => c.end === firstEnd);
    out.push(members);
    for (const member of members) left.splice(left.indexOf(member), 1);
  }
  return out;
}

/** The number of sequential round trips on the critical path: the number of waves. */
export function roundTrips(calls: readonly TimedCall[]): number {
  return waves(calls).length;
}

/** Time during which at least one call was in flight (the union of the calls' intervals). */
export function inFlight(calls: readonly TimedCall[]): number {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  let total = 0;
  let open: TimedCall | undefined;
  for (const call of sorted) {
    if (open && call.start <= open.end) {
      open = { start: open.start, end: Math.max(open.end, call.end) };
      continue;
    }
    if (open) total += open.end - open.start;
    open = call;
  }
  return open ? total + open.end - open.start : total;
}
