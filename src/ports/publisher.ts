/**
 * Publishing the CSR so a person can download it: a workflow artifact (adapters/github/artifact-publisher.ts),
 * or a copy in the CLI's folder (adapters/local/publisher.ts).
 */

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
