// Queued misbehaviour shared by both loopback fakes: a test queues faults, and each request takes the first
// queued fault that matches its method and route (counting `times` down).

/** Which requests a fault applies to; a missing field matches anything. */
export interface FaultMatch<Route extends string = string> {
  method?: string;
  route?: Route;
  /** How many matching requests get this fault (default 1). */
  times?: number;
}

interface Queued<F> {
  fault: F;
  left: number;
}

/** A queue of faults; `take` removes a fault once it has been used `times` times. */
export class FaultQueue<F extends FaultMatch> {
  private readonly queued: Queued<F>[] = [];

  inject(fault: F): void {
    this.queued.push({ fault, left: fault.times ?? 1 });
  }

  /** The first queued fault for this request (method upper-cased, route as the fake names it). */
  take(method: string, route: string): F | undefined {
    const index = this.queued.findIndex(
      ({ fault }) =>
        (!fault.method || fault.method.toUpperCase() === method) && (!fault.route || fault.route === route),
    );
    if (index < 0) return undefined;
    const entry = this.queued[index];
    if (--entry.left <= 0) this.queued.splice(index, 1);
    return entry.fault;
  }
}
