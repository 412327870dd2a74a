// The protocol test bed: src/protocol/rotate.ts `rotate` over in-memory ports (store, publisher, key maker, TLS
// check), settings read from raw inputs exactly as the action reads them, and one ordered event log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { RefusedError } from '../../../src/domain/errors.js';
import type { Deps } from '../../../src/ports/deps.js';
import { rotate } from '../../../src/protocol/rotate.js';
import type { StoreResult } from '../../../src/protocol/result.js';
import type { StoreSettings } from '../../../src/settings/settings.js';
import type { IssueTracking } from '../../../src/ports/issue-tracker.js';
import { readInputs, type RawInputs } from '../read-inputs.js';
import { CsrFolder } from '../../../src/adapters/local/csr-files.js';
import { EventLog } from './events.js';
import { PooledKeyMaker, type KeyPair } from './key-maker.js';
import { MemoryPublisher } from './publisher.js';
import { MemoryStore } from './store.js';

export interface ProtocolBed {
  events: EventLog;
  store: MemoryStore;
  publisher: MemoryPublisher;
  keys: PooledKeyMaker;
  /** What verifyTls was asked, and how it answers (a status, or a thrown TLS failure). */
  tls: { calls: URL[]; answer: () => Promise<{ status: number }> };
  now: Date;
  csrDir: string;
  /** The rotation issue port (issue: true); undefined by default. */
  issues: IssueTracking | undefined;
  settings(inputs: RawInputs): StoreSettings;
  run(inputs: RawInputs): Promise<StoreResult>;
  /** Runs settings the test shaped itself (e.g. a promote whose certificate is in a comment event). */
  rotate(settings: StoreSettings): Promise<StoreResult>;
  dispose(): Promise<void>;
}

export async function startProtocolBed(
  pairs: KeyPair[],
  options: { readable?: boolean; now?: Date } = {},
): Promise<ProtocolBed> {
  const events = new EventLog();
  // Variables' updated_at follow the bed's clock, as GitHub's follow the time of the write.
  const store = new MemoryStore(events, { readable: options.readable, now: () => bed.now });
  const publisher = new MemoryPublisher(events);
  const keys = new PooledKeyMaker(pairs);
  const csrDir = await mkdtemp(path.join(tmpdir(), 'protocol-bed-'));
  const bed: ProtocolBed = {
    events,
    store,
    publisher,
    keys,
    tls: { calls: [], answer: () => Promise.resolve({ status: 200 }) },
    now: options.now ?? new Date(),
    csrDir,
    issues: undefined,
    settings: (inputs) =>
      readInputs(
        { 'client-id': 'acme', ...inputs },
        {
          inActions: false,
          workspace: csrDir,
          mask: (value: string) => events.push({ port: 'mask', value }),
        },
      ).settings,
    run: (inputs) => rotate(bed.settings(inputs), deps),
    rotate: (settings) => rotate(settings, deps),
    dispose: () => rm(csrDir, { recursive: true, force: true }),
  };
  const deps: Deps = {
    store,
    publisher,
    openssl: keys,
    log: {
      info: (text) => events.push({ port: 'log', level: 'info', text }),
      warning: (text) => events.push({ port: 'log', level: 'warning', text }),
      debug: (text) => events.push({ port: 'log', level: 'debug', text }),
      group: (text, fn) => {
        events.push({ port: 'log', level: 'group', text });
        return fn();
      },
    },
    mask: (value) => events.push({ port: 'mask', value }),
    now: () => bed.now,
    csrFiles: new CsrFolder(csrDir),
    verifyTls: (url) => {
      bed.tls.calls.push(url);
      return bed.tls.answer();
    },
    get issues() {
      return bed.issues;
    },
  };
  return bed;
}

/**
 * Runs what must be refused: the RefusedError's message, once the store is seen unchanged. `calls` are the
 * store calls the run made, for the test to say which reads it allows.
 */
export async function refusalOf(
  bed: ProtocolBed,
  run: Promise<unknown>,
): Promise<{ message: string; calls: string[] }> {
  const before = bed.store.snapshot();
  const outcome = await run.then(
    () => new Error('expected a refusal'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof RefusedError)) throw outcome;
  expect(bed.store.snapshot()).toEqual(before);
  return { message: outcome.message, calls: bed.events.storeCalls() };
}
