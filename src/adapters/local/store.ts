/**
 * The CLI's store: a folder where each secret is a file with mode 0600 under secrets/ and each variable a
 * file under variables/ (environment scope: environments/<name>/...; organization scope: organization/...,
 * one folder standing in for the organization, since the CLI has no repository to name it). Writes are atomic
 * (temp + rename).
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CredentialStore, ListedVariable, SealedSecret } from '../../ports/store.js';
import type { Scope } from '../../domain/types.js';

export class LocalStore implements CredentialStore {
  readonly location: string;
  private readonly root: string;

  constructor(stateDir: string, scope: Scope = { kind: 'repository' }) {
    this.root =
      scope.kind === 'environment'
        ? path.join(stateDir, 'environments', encodeURIComponent(scope.environment))
        : scope.kind === 'organization'
          ? path.join(stateDir, 'organization')
          : stateDir;
    this.location = `folder ${this.root}`;
  }

  /** A file's time is not GitHub's `updated_at`: the CLI has no rotation issue to compare it with. */
  async readVariables(names: string[]): Promise<Map<string, ListedVariable>> {
    const found = new Map<string, ListedVariable>();
    for (const name of names) {
      const value = await this.getVariable(name);
      if (value !== undefined) found.set(name.toUpperCase(), { value, updatedAt: undefined });
    }
    return found;
  }

  getVariable(name: string): Promise<string | undefined> {
    return readIfPresent(this.file('variables', name));
  }

  async setVariable(name: string, value: string): Promise<void> {
    await writeAtomically(this.file('variables', name), value, 0o644);
  }

  deleteVariable(name: string): Promise<boolean> {
    return removeIfPresent(this.file('variables', name));
  }

  /** A folder has no encryption; the file's 0600 mode is the protection. */
  sealSecret(value: string): Promise<SealedSecret> {
    return Promise.resolve({ encryptedValue: value, keyId: 'local' });
  }

  async putSecret(name: string, sealed: SealedSecret): Promise<void> {
    await writeAtomically(this.file('secrets', name), sealed.encryptedValue, 0o600);
  }

  deleteSecret(name: string): Promise<boolean> {
    return removeIfPresent(this.file('secrets', name));
  }

  readSecret(name: string): Promise<string | undefined> {
    return readIfPresent(this.file('secrets', name));
  }

  /** Names stored so far, for the CLI's summary and tests. */
  async list(kind: 'secrets' | 'variables'): Promise<string[]> {
    try {
      return (await readdir(path.join(this.root, kind))).filter((name) => !name.startsWith('.')).sort();
    } catch {
      return [];
    }
  }

  private file(kind: 'secrets' | 'variables', name: string): string {
    return path.join(this.root, kind, name.toUpperCase());
  }
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function removeIfPresent(file: string): Promise<boolean> {
  try {
    await rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function writeAtomically(file: string, value: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, value, { mode });
  await rename(temp, file);
}
