// One ordered record of everything a protocol run did through its ports: masks, log lines, store calls and
// publications. Tests read order from it (a mask before the first line that holds the value).
export type PortEvent =
  | { port: 'mask'; value: string }
  | { port: 'log'; level: 'info' | 'warning' | 'debug' | 'group'; text: string }
  | { port: 'store'; call: string; payload: string }
  | { port: 'publisher'; call: string; payload: string };

export class EventLog {
  readonly events: PortEvent[] = [];
  private readonly watchers: { matches: (event: PortEvent) => boolean; seen: () => void }[] = [];

  push(event: PortEvent): void {
    this.events.push(event);
    for (const watcher of this.watchers.filter(({ matches }) => matches(event))) {
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.seen();
    }
  }

  /** Resolves once a log line matching `pattern` is written (at once when one was already). */
  logged(pattern: RegExp): Promise<void> {
    const matches = (event: PortEvent) => event.port === 'log' && pattern.test(event.text);
    if (this.events.some(matches)) return Promise.resolve();
    return new Promise((seen) => this.watchers.push({ matches, seen }));
  }

  /** The store's calls, e.g. "putSecret MANGOPAY_MTLS_KEY_PENDING". */
  storeCalls(): string[] {
    return this.events.flatMap((event) => (event.port === 'store' ? [event.call] : []));
  }

  masked(): string[] {
    return this.events.flatMap((event) => (event.port === 'mask' ? [event.value] : []));
  }

  /** Index of the first event other than a mask whose text or payload contains `value`; -1 when none. */
  firstExposure(value: string): number {
    return this.events.findIndex((event) => {
      switch (event.port) {
        case 'mask':
          return false;
        case 'log':
          return event.text.includes(value);
        case 'store':
        case 'publisher':
          return event.payload.includes(value);
      }
    });
  }

  firstMask(value: string): number {
    return this.events.findIndex((event) => event.port === 'mask' && event.value === value);
  }
}
