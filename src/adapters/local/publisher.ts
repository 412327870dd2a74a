/** The CLI's CSR "artifact": a copy in its state folder. */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CsrArtifact, CsrPublisher, Publication } from '../../ports/publisher.js';

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
