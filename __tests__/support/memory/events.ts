// One ordered record of everything a protocol run did through its ports: masks, log lines, store calls and
// publications. Tests read order from it (a mask before the first line that holds the value).
export type PortEvent =
  | { port: 'mask'; value: string }
  | { port: 'log'; level: 'info' | 'warning' | 'debug' | 'group'; text: string }
  | { port: 'store'; call: string; payload: string }
  | { port: 'publisher'; call: string; payload: string };

export class EventLog {
  readonly events: PortEvent[] = [];

  push(event: PortEvent): void {
    this.events.push(event);
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
