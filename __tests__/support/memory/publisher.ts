// An in-memory CsrPublisher: keeps what each publication held, records it, and can fail once.
import { readFile } from 'node:fs/promises';
import type { CsrArtifact, CsrPublisher, Publication } from '../../../src/publisher.js';
import type { EventLog } from './events.js';

export class MemoryPublisher implements CsrPublisher {
  readonly published: { name: string; fileName: string; content: string; retentionDays: number }[] = [];
  private fault: Error | undefined;

  constructor(private readonly events: EventLog) {}

  failNext(error: Error = new Error('artifact service unavailable (injected)')): void {
    this.fault = error;
  }

  async publish(artifact: CsrArtifact): Promise<Publication> {
    const content = await readFile(artifact.filePath, 'utf8');
    this.events.push({ port: 'publisher', call: `publish ${artifact.name}`, payload: content });
    if (this.fault !== undefined) {
      const fault = this.fault;
      this.fault = undefined;
      throw fault;
    }
    this.published.push({
      name: artifact.name,
      fileName: artifact.filePath.split(/[\\/]/).pop() ?? '',
      content,
      retentionDays: artifact.retentionDays,
    });
    return { id: this.published.length, location: `memory artifact "${artifact.name}"` };
  }
}
