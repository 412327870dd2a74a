/** CSR files in a folder of the local disk: RUNNER_TEMP's in the action, the state folder's in the CLI. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CsrFiles } from '../../ports/csr-files.js';

export class CsrFolder implements CsrFiles {
  constructor(private readonly root: string) {}

  async write(folder: string, fileName: string, pem: string): Promise<string> {
    const dir = path.join(this.root, folder);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, fileName);
    // Public material: the CSR is meant to be read (and uploaded) by later steps.
    await writeFile(file, pem, { mode: 0o644 });
    return file;
  }

  async remove(filePath: string): Promise<void> {
    await rm(path.dirname(filePath), { recursive: true, force: true });
  }
}
