// Explicit interleavings for the loopback fakes: a test asks the fake to hold the next request that matches a
// method and route. The test learns when that request has arrived, and the fake answers it (and applies its
// effect) only after the test releases it. Nothing here depends on timing.

export interface HoldMatch {
  method: string;
  /** The route as the fake names it (for the GitHub fake: the OpenAPI template). */
  route: string;
}

/** What the fake knows about the held request. */
export interface HeldRequest {
  method: string;
  /** Request path without the query string, as sent. */
  path: string;
  route: string;
}

export interface Hold {
  /** Resolves when a matching request arrives (it is then waiting for `release`). */
  arrived: Promise<HeldRequest>;
  /** Lets the held request through: the fake handles it as if it had just arrived. Safe to call twice. */
  release(): void;
  /** Resolves once the fake has answered the held request (or dropped it), after its release. */
  answered: Promise<void>;
}

interface Pending {
  match: HoldMatch;
  arrive: (request: HeldRequest) => void;
  released: Promise<void>;
  answer: (answered: Promise<void>) => void;
}

/** For a fake's server: `handled` (passed to Holds.wait) settles when the server calls `done`, its last step. */
export function handling(): { handled: Promise<void>; done: () => void } {
  let done: () => void = () => undefined;
  const handled = new Promise<void>((resolve) => (done = resolve));
  return { handled, done };
}

/** One-shot holds; each catches the first matching request after it was placed. */
export class Holds {
  private readonly pending: Pending[] = [];

  hold(match: HoldMatch): Hold {
    let arrive: (request: HeldRequest) => void = () => undefined;
    let release: () => void = () => undefined;
    let answer: (answered: Promise<void>) => void = () => undefined;
    const arrived = new Promise<HeldRequest>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const answered = new Promise<void>((resolve) => (answer = resolve));
    this.pending.push({ match: { ...match, method: match.method.toUpperCase() }, arrive, released, answer });
    return { arrived, release, answered };
  }

  /**
   * Waits while a hold catches this request; returns at once when none matches. `handled` settles once the
   * fake is done with the request (see handling()).
   */
  async wait(request: HeldRequest, handled: Promise<void>): Promise<void> {
    const index = this.pending.findIndex(
      ({ match }) => match.method === request.method && match.route === request.route,
    );
    if (index < 0) return;
    const [entry] = this.pending.splice(index, 1);
    entry.answer(handled);
    entry.arrive(request);
    await entry.released;
  }
}
