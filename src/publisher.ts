/** Publishing the CSR so a person can download it: a workflow artifact, or a copy in the CLI's folder. */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

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
  publish(artifact: CsrArtifact): Promise<Publication>;
}

/** Uploads with @actions/artifact; the client is loaded only when a CSR is published (it is large). */
export class ArtifactPublisher implements CsrPublisher {
  constructor(private readonly runUrl?: string) {}

  async publish(artifact: CsrArtifact): Promise<Publication> {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
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
}
