// An in-memory CredentialFiles for export's protocol tests: keeps what was written, can fail once.
import type { CredentialPair } from '../../../src/domain/pair.js';
import type { CredentialFiles, WrittenPair } from '../../../src/ports/credential-files.js';

export class MemoryCredentialFiles implements CredentialFiles {
  readonly written: CredentialPair[] = [];
  private fault: Error | undefined;

  failNext(error: Error = new Error('disk full (injected)')): void {
    this.fault = error;
  }

  async write(pair: CredentialPair): Promise<WrittenPair> {
    await Promise.resolve();
    if (this.fault !== undefined) {
      const fault = this.fault;
      this.fault = undefined;
      throw fault;
    }
    this.written.push(pair);
    const folder = `/memory/export-${this.written.length}`;
    return { folder, keyPath: `${folder}/key.pem`, certificatePath: `${folder}/certificate.pem` };
  }
}
