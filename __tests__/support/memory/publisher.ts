// An in-memory CsrPublisher: keeps what each publication held, records it, and can fail once; a retraction
// removes the publication it names (by id: runs sharing this publisher stand for separate workflow runs).
import { readFileSync } from 'node:fs';
import type { CsrArtifact, CsrPublisher, Publication } from '../../../src/ports/publisher.js';
import type { EventLog } from './events.js';

export class MemoryPublisher implements CsrPublisher {
  readonly published: { name: string; fileName: string; content: string; retentionDays: number }[] = [];
  /** What was published and then retracted, in order. */
  readonly retracted: string[] = [];
  /** How often a run asked to load the publisher ahead of publishing. */
  prepared = 0;
  /** How often the loading itself began (once what `prepare` was told to wait for had happened). */
  loaded = 0;
  private fault: Error | undefined;
  private retractFault: Error | undefined;
  private readonly waiters: (() => void)[] = [];
  private readonly ids = new Map<number, (typeof this.published)[number]>();

  constructor(private readonly events: EventLog) {}

  failNext(error: Error = new Error('artifact service unavailable (injected)')): void {
    this.fault = error;
  }

  failNextRetraction(error: Error = new Error('artifact service unavailable (injected)')): void {
    this.retractFault = error;
  }

  /** Resolves once `count` uploads have been made (explicit interleavings wait on this, not on time). */
  async uploads(count: number): Promise<void> {
    while (this.ids.size < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  prepare(after: Promise<void> = Promise.resolve()): void {
    this.prepared++;
    void after.then(() => this.loaded++);
  }

  async retract(artifact: CsrArtifact, publication: Publication): Promise<void> {
    await Promise.resolve();
    this.events.push({ port: 'publisher', call: `retract ${artifact.name}`, payload: '' });
    if (this.retractFault !== undefined) {
      const fault = this.retractFault;
      this.retractFault = undefined;
      throw fault;
    }
    const entry = publication.id === undefined ? undefined : this.ids.get(publication.id);
    if (entry === undefined) throw new Error(`no publication ${String(publication.id)} to retract`);
    this.published.splice(this.published.indexOf(entry), 1);
    this.retracted.push(entry.content);
  }

  async publish(artifact: CsrArtifact): Promise<Publication> {
    // Read and recorded when the call starts, so the event log shows when a run began to publish.
    const content = readFileSync(artifact.filePath, 'utf8');
    this.events.push({ port: 'publisher', call: `publish ${artifact.name}`, payload: content });
    await Promise.resolve();
    if (this.fault !== undefined) {
      const fault = this.fault;
      this.fault = undefined;
      throw fault;
    }
    const entry = {
      name: artifact.name,
      fileName: artifact.filePath.split(/[\\/]/).pop() ?? '',
      content,
      retentionDays: artifact.retentionDays,
    };
    this.published.push(entry);
    const id = this.ids.size + 1;
    this.ids.set(id, entry);
    this.waiters.splice(0).forEach((wake) => wake());
    return { id, location: `memory artifact "${artifact.name}"` };
  }
}
