/** The CSR as a workflow artifact of this run. */
import path from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { CsrArtifact, CsrPublisher, Publication } from '../../ports/publisher.js';

/** Uploads with @actions/artifact; the client is loaded only when a CSR is published (it is large). */
export class ArtifactPublisher implements CsrPublisher {
  private client?: Promise<ArtifactClient>;

  constructor(private readonly runUrl?: string) {}

  prepare(after: Promise<void> = Promise.resolve()): void {
    // A turn of the event loop after `after`, so calls started just before go out before the chunk's compile
    // holds this one thread. A failure to load is reported by publish, not here.
    void after.then(() =>
      setImmediate(() => {
        this.load().catch(() => undefined);
      }),
    );
  }

  private load(): Promise<ArtifactClient> {
    this.client ??= import('@actions/artifact').then(
      ({ DefaultArtifactClient }) => new DefaultArtifactClient(),
    );
    return this.client;
  }

  async retract(artifact: CsrArtifact): Promise<void> {
    // A name is unique within a workflow run: this deletes the artifact this run uploaded.
    await (await this.load()).deleteArtifact(artifact.name);
  }

  async publish(artifact: CsrArtifact): Promise<Publication> {
    const client = await this.load();
    const { id } = await client.uploadArtifact(
      artifact.name,
      [artifact.filePath],
      path.dirname(artifact.filePath),
      {
        retentionDays: artifact.retentionDays,
      },
    );
    const where = this.runUrl === undefined ? 'this run' : this.runUrl;
    return { id, location: `artifact "${artifact.name}" of ${where}` };
  }
}
