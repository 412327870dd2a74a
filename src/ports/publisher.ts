/** Publishing the CSR so a person can download it: a workflow artifact, or a copy in the CLI's folder. */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactClient } from '@actions/artifact';

export interface CsrArtifact {
  /** Artifact name (a zip of that name in Actions, a folder of that name locally). */
  name: string;
  /** The CSR file on disk; the artifact holds this one file under its own name. */
  filePath: string;
  retentionDays: number;
}

export interface Publication {
  /** Artifact id in Actions. */
  id?: number;
  /** Where a person finds it. */
  location: string;
}

export interface CsrPublisher {
  /**
   * Optional: loads what publishing needs once `after` resolves, so it overlaps other work (a failure shows in
   * publish).
   */
  prepare?(after?: Promise<void>): void;
  publish(artifact: CsrArtifact): Promise<Publication>;
  /** Optional: removes again what `publish` returned (a run that must not leave it published). */
  retract?(artifact: CsrArtifact, publication: Publication): Promise<void>;
}

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

/** Copies the CSR into <state-dir>/artifacts/<name>/. */
export class FolderPublisher implements CsrPublisher {
  constructor(private readonly stateDir: string) {}

  async publish(artifact: CsrArtifact): Promise<Publication> {
    const folder = path.join(this.stateDir, 'artifacts', artifact.name);
    await mkdir(folder, { recursive: true });
    const target = path.join(folder, path.basename(artifact.filePath));
    if (path.resolve(artifact.filePath) !== path.resolve(target)) await copyFile(artifact.filePath, target);
    return { location: target };
  }

  async retract(artifact: CsrArtifact): Promise<void> {
    await rm(path.join(this.stateDir, 'artifacts', artifact.name), { recursive: true, force: true });
  }
}
