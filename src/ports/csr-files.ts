/**
 * The public CSR file a request leaves for later steps (`csr-path`) and uploads: a folder of its own, so the
 * artifact holds exactly that one file. On disk under RUNNER_TEMP (the action) or the CLI's folder.
 */
export interface CsrFiles {
  /** Writes `<folder>/<fileName>` (readable by later steps) and returns its path. */
  write(folder: string, fileName: string, pem: string): Promise<string>;
  /** Removes that folder again: a run that will not point to the file leaves none behind. */
  remove(filePath: string): Promise<void>;
}
